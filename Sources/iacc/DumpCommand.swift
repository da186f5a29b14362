import ArgumentParser
import IaCDriver

enum DumpStage: String, ExpressibleByArgument, CaseIterable {
  case ast, model
}

struct DumpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump", abstract: "Print one pipeline stage, for debugging and golden tests.")

  @Option(help: "ast (the syntax tree of each file) or model (the checked model per environment).")
  var stage: DumpStage

  @Argument(help: "Files or folders. Default: the current folder.")
  var paths: [String] = []

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE, the value in .iac syntax (strings quoted).")
  var params: [String] = []

  @OptionGroup var output: OutputOptions

  func run() throws {
    let result: CheckResult
    do {
      result = try Frontend.check(paths, params: params)
    } catch {
      Terminal.writeError("error: \(error)\n")
      throw ExitCode(2)
    }
    switch stage {
    case .ast:
      Terminal.writeOutput(Frontend.dumpSyntax(result))
    case .model:
      Terminal.writeOutput(ModelDumper.dump(result.model))
    }
    let renderer = TextDiagnosticRenderer(useColor: output.useColor)
    Terminal.writeError(renderer.render(result.diagnostics))
    if result.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
  }
}
