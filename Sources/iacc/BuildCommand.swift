import ArgumentParser
import IaCDriver

struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Check the program and write the generated Compose, Kubernetes and Ansible files.",
    discussion: "Exit status: 0 written, 1 errors in the input, 2 bad invocation.")

  @Argument(help: "Files or folders to build (folders: every .iac file below). Default: the current folder.")
  var paths: [String] = []

  @Option(name: .customLong("env"), help: "Build only this environment (repeatable). Default: every environment.")
  var environments: [String] = []

  @Option(help: "The output folder.")
  var out: String = "out"

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE, the value in .iac syntax (strings quoted).")
  var params: [String] = []

  @OptionGroup var output: OutputOptions

  func run() throws {
    let result: BuildResult
    do {
      result = try Pipeline.build(paths, params: params, environments: environments)
    } catch {
      Terminal.writeError("error: \(error)\n")
      throw ExitCode(2)
    }
    let renderer = TextDiagnosticRenderer(useColor: output.useColor)
    Terminal.writeError(renderer.render(result.diagnostics))
    if result.hasErrors {
      let errors = result.diagnostics.count { $0.severity == .error }
      let warnings = result.diagnostics.count { $0.severity == .warning }
      Terminal.writeError(renderer.summary(errors: errors, warnings: warnings))
      throw ExitCode(1)
    }
    do {
      let written = try OutputWriter.write(result.files, into: out)
      Terminal.writeOutput("Wrote \(written) file\(written == 1 ? "" : "s") to \(out)/.\n")
    } catch {
      Terminal.writeError("error: \(error)\n")
      throw ExitCode(1)
    }
  }
}
