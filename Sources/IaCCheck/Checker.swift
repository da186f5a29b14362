import IaCBasics
import IaCModel
import IaCSyntax

/// The front end's entry point: parsed program in, checked model and diagnostics out.
public enum Checker {
  public struct Result: Sendable {
    public var program: Program
    public var symbols: SymbolTable
    public var model: Model
    public var diagnostics: [Diagnostic]
  }

  /// Checks a loaded program. Every environment is evaluated (a `by_env` branch or an override is
  /// checked in the environment that uses it); diagnostics found in several are reported once.
  /// `params` are `--param name=value` values, already parsed.
  public static func check(_ program: Program, loadDiagnostics: [Diagnostic] = [], params: [String: Expr] = [:])
    -> Result
  {
    var diagnostics = loadDiagnostics
    let symbols = SymbolTable.build(program, diagnostics: &diagnostics)
    let layout = ProgramLayout.build(program, symbols, diagnostics: &diagnostics)
    for name in params.keys.sorted()
    where symbols.lookup(name).map({ if case .param = $0.kind { false } else { true } }) ?? true {
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.paramWithoutValue, "`--param \(name)` does not name a `param` of the program",
          at: params[name]?.range,
          help: Suggestions.closest(to: name, in: symbols.order).map { "did you mean `\($0)`?" }))
    }
    let environments: [String?] = layout.environmentNames.isEmpty ? [nil] : layout.environmentNames
    var views: [EnvironmentModel] = []
    // Values that no environment changes are computed once, by the first environment.
    let shared = SharedEvaluations(symbols: symbols)
    for environment in environments {
      let evaluator = Evaluator(
        program: program, symbols: symbols, layout: layout, environment: environment, params: params, shared: shared)
      var resources: [Resource] = []
      resources.reserveCapacity(symbols.all.count)
      for symbol in symbols.all {
        switch symbol.kind {
        case .resource(let kind, _):
          // An environment's own fields are evaluated only in that environment.
          if kind == .environment && symbol.name != environment { continue }
          if let resource = evaluator.evaluateResource(symbol) { resources.append(resource) }
        case .letBinding, .param:
          _ = evaluator.bindingValue(symbol, requestedAt: symbol.nameRange)
        }
      }
      resources.sort { $0.id < $1.id }
      views.append(EnvironmentModel(name: environment, resources: resources))
      diagnostics.append(contentsOf: evaluator.diagnostics)
    }
    var bag = DiagnosticBag()
    bag.append(contentsOf: diagnostics)
    return Result(program: program, symbols: symbols, model: Model(environments: views), diagnostics: bag.sorted)
  }

  /// Every diagnostic the front end can emit, for `iacc explain`.
  public static let catalog: [DiagnosticDescriptor] = SyntaxDiagnostics.all + CheckDiagnostics.all
}
