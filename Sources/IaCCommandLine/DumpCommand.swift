import ArgumentParser
import IaCDriver

enum DumpStage: String, ExpressibleByArgument, CaseIterable {
  case ast, model, graph, compose, kubernetes, ansible
}

struct DumpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dump", abstract: "Print one pipeline stage, for debugging and golden tests.")

  @Option(
    help:
      "ast (syntax trees), model (checked model per environment), graph (resources, edges, placements), or a target: compose, kubernetes, ansible."
  )
  var stage: DumpStage

  @Argument(help: "Files or folders. Default: the current folder.")
  var paths: [String] = []

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE, the value in .iac syntax (strings quoted).")
  var params: [String] = []

  @OptionGroup var output: OutputOptions

  @Option(name: .customLong("env"), help: "Only this environment (repeatable), for graph and target stages.")
  var environments: [String] = []

  func run() throws {
    let result = try exitingOnError(2) {
      let check = try Frontend.check(paths, params: params)
      return [.ast, .model].contains(stage)
        ? BuildResult(check: check) : try Pipeline.lower(check, environments: environments)
    }
    switch stage {
    case .ast: Terminal.writeOutput(Frontend.dumpSyntax(result.check))
    case .model: Terminal.writeOutput(ModelDumper.dump(result.check.model))
    case .graph: Terminal.writeOutput(GraphDumper.dump(result.deployments))
    case .compose, .kubernetes, .ansible:
      Terminal.writeOutput(try exitingOnError(1) { try FileDumper.dump(result.files, target: stage.rawValue) })
    }
    let renderer = TextDiagnosticRenderer(useColor: output.useColor)
    Terminal.writeError(renderer.render(result.diagnostics))
    if result.hasErrors { throw ExitCode(1) }
  }
}
