import IaCBasics
import IaCCheck
import IaCGraph
import IaCManifest
import IaCModel
import IaCTargets

/// The whole pipeline: check, graph passes, lowering to every target. Each stage runs only when
/// the one before it found no error; diagnostics of all stages come back together.
public struct BuildResult: Sendable {
  public var check: CheckResult
  public var deployments: [Deployment]
  public var files: [GeneratedFile]
  public var diagnostics: [Diagnostic]
  /// The program's files, whose text a build lets go once its diagnostics are written
  /// (`releaseSourceText`). Empty unless made by `build`.
  public var sourceFiles: [SourceFile] = []

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Lets the program's text go: from here on its ranges give line numbers only (columns are 1).
  /// For a build whose diagnostics are written, before planning starts its threads.
  public func releaseSourceText() {
    for file in sourceFiles { file.releaseBytes() }
  }
}

public enum Pipeline {
  /// Checks and lowers `paths`; `environments` limits the output to those environments (all when
  /// empty). An environment name that does not exist is a bad invocation.
  ///
  /// `keepingEdges`: whether the result's graphs keep their edges once the graph's checks have run
  /// (for `iacc graph` and `dump --stage graph`). A build does not follow them: at 10,000 services
  /// they are 9 MiB, freed before the targets' files arrive.
  public static func build(
    _ paths: [String], params: [String] = [], environments: [String] = [], keepingEdges: Bool = true
  )
    throws(InvocationError) -> BuildResult
  {
    // With `--env`, the other environments are checked (their errors are reported) but their
    // resources are not kept: they are not built.
    var check = try Frontend.check(
      paths, params: params, releasingSyntax: true, keeping: environments.isEmpty ? .all : .only(environments))
    let sourceFiles = check.program.files.map(\.file)
    releaseSyntax(&check)
    var result = try lower(check, environments: environments, keepingEdges: keepingEdges)
    result.sourceFiles = sourceFiles
    return result
  }

  /// The targets read only the model: the syntax trees and the symbol table (about half of a
  /// large program's memory) go before the targets' trees and bytes arrive.
  public static func releaseSyntax(_ check: inout CheckResult) {
    check.program = Program()
    check.symbols = SymbolTable()
  }

  public static func lower(_ check: CheckResult, environments: [String] = [], keepingEdges: Bool = true)
    throws(InvocationError) -> BuildResult
  {
    var result = BuildResult(check: check, deployments: [], files: [], diagnostics: check.diagnostics)
    let known = check.model.environments.map { $0.name ?? "default" }
    for name in environments where !known.contains(name) {
      let suggestion = Suggestions.closest(to: name, in: known).map { "; did you mean `\($0)`?" } ?? ""
      throw InvocationError("no environment `\(name)` (environments: \(known.joined(separator: ", ")))\(suggestion)")
    }
    guard !result.hasErrors else { return result }
    if !environments.isEmpty {
      // The other environments were checked (their errors are reported) but are not built: their
      // views of the model go now, and no graph is made for them.
      let built = KeptModels.only(environments)
      result.check.model.environments.removeAll { !built.keeps($0.name) }
    }
    result.deployments = GraphChecker.deployments(result.check.model)
    var bag = DiagnosticBag()
    bag.append(contentsOf: check.diagnostics + GraphChecker.check(result.deployments))
    result.diagnostics = bag.sorted
    guard !result.hasErrors else { return result }
    // The targets never follow edges: the files they make hold the graph without them, so that a
    // caller that drops `deployments` (a build) frees the edges before rendering, and one that
    // does not keep them frees them now.
    let lowered = result.deployments.map { deployment in
      var deployment = deployment
      deployment.graph = deployment.graph.withoutEdges
      return deployment
    }
    if !keepingEdges { result.deployments = lowered }
    for deployment in lowered {
      result.files +=
        ComposeLowering.lower(deployment) + KubernetesLowering.lower(deployment) + AnsibleLowering.lower(deployment)
    }
    result.files.sort { $0.path < $1.path }
    // Two files at one path would be a bug in a lowering; never write half of such a build.
    for (previous, file) in zip(result.files, result.files.dropFirst()) where previous.path == file.path {
      throw InvocationError("internal error: two generated files at \(file.path); please report this bug")
    }
    return result
  }

  /// Every diagnostic iacc can emit, by code.
  public static var catalog: [DiagnosticDescriptor] {
    (Checker.catalog + GraphDiagnostics.all + ManifestDiagnostics.all).sorted { $0.code < $1.code }
  }
}

extension BuildResult {
  /// A result that stops after the front end (for `dump --stage ast|model`).
  public init(check: CheckResult) {
    self.init(check: check, deployments: [], files: [], diagnostics: check.diagnostics)
  }
}

/// `iacc dump --stage compose|kubernetes|ansible`: each generated file of that target, under a
/// `# ==> path <==` line.
public enum FileDumper {
  public static func dump(_ files: [GeneratedFile], target: String) throws -> String {
    var out = ""
    for file in files where file.path.split(separator: "/").dropFirst().first.map(String.init) == target {
      out += "# ==> \(file.path) <==\n" + String(decoding: try file.render(), as: UTF8.self)
    }
    return out
  }
}
