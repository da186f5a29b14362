import ArgumentParser
import IaCDriver

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, sarif
}

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Parse and type-check .iac files; report every problem with its location.",
    discussion: "Exit status: 0 no errors (warnings allowed), 1 errors, 2 bad invocation.")

  @Argument(help: "Files or folders to check (folders: every .iac file below). Default: the current folder.")
  var paths: [String] = []

  @Option(
    help: "text (for people), json (for editors and CI) or sarif (SARIF 2.1.0, for code scanning); spec/diagnostics.md."
  )
  var format: DiagnosticFormat = .text

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE, the value in .iac syntax (strings quoted).")
  var params: [String] = []

  @OptionGroup var output: OutputOptions

  func run() throws {
    // Only diagnostics are wanted: the syntax goes as the model is made, the model is not kept, and
    // what the check memoised is freed while they are written (see Checker.check).
    let result = try exitingOnError(2) {
      try Frontend.check(paths, params: params, releasingSyntax: true, keeping: .none, freeingInBackground: true)
    }
    let diagnostics = result.diagnostics
    let errors = diagnostics.count { $0.severity == .error }
    let warnings = diagnostics.count { $0.severity == .warning }
    switch format {
    case .json:
      Terminal.writeOutput(JSONDiagnosticRenderer.render(diagnostics))
    case .sarif:
      Terminal.writeOutput(
        SARIFDiagnosticRenderer.render(diagnostics, catalog: Frontend.catalog, toolVersion: IaccVersion.current))
    case .text:
      let renderer = TextDiagnosticRenderer(useColor: output.useColor)
      Terminal.writeError(renderer.render(diagnostics))
      if !diagnostics.isEmpty { Terminal.writeError(renderer.summary(errors: errors, warnings: warnings)) }
    }
    // Exit here rather than return: tearing down the checked model would cost a few milliseconds
    // of an on-save check, for memory the process is about to give back anyway. The result is
    // kept alive explicitly: Swift may release a value after its last use, and did.
    withExtendedLifetime(result) { Terminal.exit(errors > 0 ? 1 : 0) }
  }
}
