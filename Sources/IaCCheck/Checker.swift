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
  ///
  /// `releasingSyntax`: for a caller that needs only the model and the diagnostics (a build,
  /// `iacc check`). The declarations are evaluated one at a time in every environment, and each
  /// resource's block is emptied as soon as all of them have (`Block.releaseEntries`, which
  /// reaches every copy of the program), so the syntax tree shrinks as the model grows instead of
  /// both peaking together. The result's program then has empty resource blocks (environments
  /// keep theirs), and its files no list of declarations.
  ///
  /// `keeping`: whose resources the result holds. Every environment is evaluated, and its
  /// diagnostics reported, whatever is kept; the view of one that is not kept is empty but for its
  /// name. `iacc check` keeps none, and `iacc build --env` only the environments it builds.
  ///
  /// `freeingInBackground`: for a caller that allocates little once the check is done (`iacc
  /// check`). Every environment's memo tables are then freed on another thread while it goes on:
  /// freeing them took 5% of `iacc check` at 1,000 services and 16% at 10,000. A build frees them
  /// here: memory freed on another thread while the lowering allocates raised its peak by up to
  /// 8 MiB at 10,000 services.
  public static func check(
    _ program: Program, loadDiagnostics: [Diagnostic] = [], params: [String: Expr] = [:],
    releasingSyntax: Bool = false, keeping: KeptModels = .all, freeingInBackground: Bool = false
  ) -> Result {
    var diagnostics = loadDiagnostics
    let symbols = SymbolTable.build(program, diagnostics: &diagnostics)
    let layout = ProgramLayout.build(program, symbols, diagnostics: &diagnostics)
    // The symbol table holds every declaration from here on: the files' lists of them can go
    // (at 10,000 services, 2.7 MiB of the check's peak).
    if releasingSyntax { program.files.forEach { $0.releaseDeclarations() } }
    for name in params.keys.sorted()
    where symbols.lookup(name).map({ if case .param = $0.kind { false } else { true } }) ?? true {
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.paramWithoutValue, "`--param \(name)` does not name a `param` of the program",
          at: params[name]?.range,
          help: Suggestions.closest(to: name, in: symbols.order).map { "did you mean `\($0)`?" }))
    }
    let environments: [String?] = layout.environmentNames.isEmpty ? [nil] : layout.environmentNames
    // Values that no environment changes are computed once, by the first environment.
    let shared = SharedEvaluations(symbols: symbols)
    let order = symbols.resourceOrder()
    let evaluators = environments.map { environment in
      Evaluator(
        program: program, symbols: symbols, layout: layout, environment: environment, params: params, shared: shared)
    }
    let kept = environments.map(keeping.keeps)
    // Where each environment's overrides are written, to release them with what they override.
    var environmentBlocks: [String: Block] = [:]
    if releasingSyntax {
      for symbol in symbols.all {
        if case .resource(.environment, let decl) = symbol.kind { environmentBlocks[symbol.name] = decl.body }
      }
    }
    var resources = environments.map { _ in [Resource]() }
    var places = environments.map { _ in [Int]() }
    for index in environments.indices where kept[index] {
      resources[index].reserveCapacity(symbols.all.count)
      places[index].reserveCapacity(symbols.all.count)
    }
    // In declaration order (which decides where a cycle is reported), each declaration in every
    // environment, the first environment first (it computes the values they share).
    for symbol in symbols.all {
      for (index, evaluator) in evaluators.enumerated() {
        switch symbol.kind {
        case .resource(let kind, _):
          // An environment's own fields are evaluated only in that environment.
          if kind == .environment && symbol.name != environments[index] { continue }
          if let resource = evaluator.evaluateResource(symbol), kept[index] {
            resources[index].append(resource)
            places[index].append(order[symbol.index])
          }
        case .letBinding, .param:
          _ = evaluator.bindingValue(symbol, requestedAt: symbol.nameRange)
        }
      }
      // A resource shared by every environment is shared while they evaluate it, not kept in the
      // cache until the end (at 10,000 services, 1.4 MiB of the check's peak).
      shared.resources[symbol.index] = nil
      // Every environment has memoised each of its fields: nothing reads its entries again, nor
      // the environments' overrides of it (the rest of an environment's block is read until the end).
      if releasingSyntax, case .resource(let kind, let decl) = symbol.kind, kind != .environment {
        decl.body.releaseEntries()
        for override in layout.overrides.remove(symbol.name) {
          environmentBlocks[override.environment]?.releaseEntry(at: override.position)
        }
      }
    }
    var views: [EnvironmentModel] = []
    for (index, environment) in environments.enumerated() {
      // Into the model's order by moving each resource once: sorting them copied their large
      // structs through a merge sort, 8% of checking a large program.
      resources[index].permute(takingFrom: places[index].indices.sorted { places[index][$0] < places[index][$1] })
      views.append(EnvironmentModel(name: environment, resources: resources[index]))
      resources[index] = []
      diagnostics.append(contentsOf: evaluators[index].diagnostics)
    }
    if freeingInBackground { Parallel.release((evaluators, shared)) }
    var bag = DiagnosticBag()
    bag.append(contentsOf: diagnostics)
    return Result(program: program, symbols: symbols, model: Model(environments: views), diagnostics: bag.sorted)
  }

  /// Every diagnostic the front end can emit, for `iacc explain`.
  public static let catalog: [DiagnosticDescriptor] = SyntaxDiagnostics.all + CheckDiagnostics.all
}

/// Which environments' resources a check keeps in its model.
public enum KeptModels: Sendable {
  case all
  /// Only the diagnostics are wanted.
  case none
  /// These environments, by name (`default` for a program that declares none).
  case only([String])

  public func keeps(_ environment: String?) -> Bool {
    switch self {
    case .all: true
    case .none: false
    case .only(let names): names.contains(environment ?? "default")
    }
  }
}

extension Array {
  /// Rearranges the elements so that `self[i]` becomes the element that was at `sources[i]`
  /// (`sources` a permutation of the indices), by swaps: no element is copied.
  mutating func permute(takingFrom sources: [Int]) {
    precondition(sources.count == count, "a permutation of every index")
    var placed = [Bool](repeating: false, count: count)
    for start in indices where !placed[start] {
      // Follow the cycle through `start`, pulling each element into the slot that wants it.
      var slot = start
      while true {
        placed[slot] = true
        let source = sources[slot]
        if source == start { break }
        swapAt(slot, source)
        slot = source
      }
    }
  }
}
