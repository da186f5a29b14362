import ArgumentParser
import IaCDriver

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff", abstract: "Show what differs between two environments after overrides, per resource and field."
  )

  @Argument(help: "Files or folders. Default: the current folder.")
  var paths: [String] = []

  @Option(name: .customLong("env"), help: "Two environments to compare: --env dev --env production.")
  var environments: [String] = []

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE.")
  var params: [String] = []

  @OptionGroup var output: OutputOptions

  func run() throws {
    guard environments.count == 2 else {
      Terminal.writeError("error: give exactly two environments: --env A --env B\n")
      throw ExitCode(2)
    }
    let check = try exitingOnError(2) {
      let check = try Frontend.check(paths, params: params)
      _ = try Pipeline.lower(check, environments: environments)
      return check
    }
    Terminal.writeError(TextDiagnosticRenderer(useColor: output.useColor).render(check.diagnostics))
    if check.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    let models = environments.map { name in check.model.environments.first { ($0.name ?? "default") == name }! }
    Terminal.writeOutput(
      EnvironmentDiff.render(
        EnvironmentDiff.compare(models[0], models[1]), left: environments[0], right: environments[1]))
  }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
  case dot, json
}

struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph", abstract: "Print the resource graph as Graphviz DOT (render with `dot -Tsvg`) or JSON.")

  @Argument(help: "Files or folders. Default: the current folder.")
  var paths: [String] = []

  @Option(name: .customLong("env"), help: "Only this environment (repeatable). Default: every environment.")
  var environments: [String] = []

  @Option(help: "dot or json.")
  var format: GraphFormat = .dot

  @Option(name: .customLong("param"), help: "Set a `param`: NAME=VALUE.")
  var params: [String] = []

  @OptionGroup var output: OutputOptions

  func run() throws {
    let result = try exitingOnError(2) { try Pipeline.build(paths, params: params, environments: environments) }
    Terminal.writeError(TextDiagnosticRenderer(useColor: output.useColor).render(result.diagnostics))
    if result.hasErrors { throw ExitCode(1) }
    switch format {
    case .dot: Terminal.writeOutput(GraphRenderer.dot(result.deployments))
    case .json: Terminal.writeOutput(GraphRenderer.json(result.deployments).serialized(.pretty) + "\n")
    }
  }
}
