import IaCBasics
import IaCModel
import IaCSyntax

/// What the checker learns from the shape of the declarations before evaluating anything: each
/// resource's entries by field name, each environment's overrides, and the environment names.
/// Problems of shape (unknown or repeated fields, bad names, overrides of nothing) are reported
/// here once, not once per environment.
struct ProgramLayout {
  /// By symbol index and schema field index: the position of the field's entry in the resource's
  /// block, or -1. Positions, not copies of the entries: a large program has hundreds of thousands.
  var entryPositions: [[Int32]] = []
  /// By symbol index, a resource's block (nil for a `let` or `param`): read without taking the
  /// declaration out of its symbol each time.
  var blocks: [Block?] = []
  /// Each environment's overrides of each resource, in written order.
  let overrides = OverrideTable()
  var environmentNames: [String] = []
  /// `Evaluator.memoKey` of every field some environment overrides: such a field depends on the
  /// environment even where no override applies.
  var overriddenFields: Set<Int> = []

  static func build(_ program: Program, _ symbols: SymbolTable, diagnostics: inout [Diagnostic]) -> ProgramLayout {
    var layout = ProgramLayout()
    layout.environmentNames = symbols.resources(of: .environment).map(\.name).sorted()
    layout.entryPositions = Array(repeating: [], count: symbols.all.count)
    layout.blocks = Array(repeating: nil, count: symbols.all.count)
    for symbol in symbols.all {
      guard case .resource(let kind, let decl) = symbol.kind else { continue }
      NameRules.validate(symbol.name, kind: kind, at: decl.name.range, diagnostics: &diagnostics)
      let schema = Schemas.schema(for: kind)
      // By schema field index, the entry's position in the block: filled as the entries come.
      var positions = [Int32](repeating: -1, count: schema.fields.count)
      for (position, entry) in decl.body.entries.enumerated() {
        if entry.path.count > 1 {
          if kind == .environment {
            layout.addOverride(
              entry, at: position, environment: symbol.name, file: symbol.file, symbols, &diagnostics)
          } else {
            diagnostics.append(
              Diagnostic(
                CheckDiagnostics.invalidOverride, "dotted field paths are only allowed in environment blocks",
                at: entry.pathRange, help: "set the whole field: `\(entry.path[0].name) = { … }`",
                dataPath: DataPath(kind.pluralName, symbol.name)))
          }
          continue
        }
        let fieldName = entry.path[0].name
        guard let fieldIndex = schema.fields.firstIndex(where: { $0.name == fieldName }) else {
          let candidates = schema.fields.map(\.name)
          let suggestion = Suggestions.closest(to: fieldName, in: candidates)
          var help =
            suggestion.map { "did you mean `\($0)`?" } ?? "fields of \(kind.rawValue): "
            + candidates.joined(separator: ", ")
          if kind == .environment, symbols.lookup(fieldName) != nil {
            help = "to override a field of `\(fieldName)` in this environment, write `\(fieldName).FIELD = …`"
          }
          diagnostics.append(
            Diagnostic(
              CheckDiagnostics.unknownField, "\(kind.rawValue) has no field `\(fieldName)`", at: entry.path[0].range,
              help: help,
              fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: entry.path[0].range, replacement: $0)] }
                ?? [],
              dataPath: DataPath(kind.pluralName, symbol.name, fieldName)))
          continue
        }
        if positions[fieldIndex] >= 0 {
          let first = Int(positions[fieldIndex])
          diagnostics.append(
            Diagnostic(
              CheckDiagnostics.duplicateField, "field `\(fieldName)` is set twice in \(kind.rawValue) `\(symbol.name)`",
              at: entry.path[0].range,
              notes: [DiagnosticNote("first set here", at: decl.body.entries[first].path[0].range)],
              dataPath: DataPath(kind.pluralName, symbol.name, fieldName)))
          continue
        }
        positions[fieldIndex] = Int32(position)
      }
      layout.entryPositions[symbol.index] = positions
      layout.blocks[symbol.index] = decl.body
    }
    return layout
  }

  /// The value of the entry that sets field `field` (a schema index) of a resource, if its block
  /// has one.
  func entryValue(of symbol: Symbol, field: Int) -> Expr? {
    let row = entryPositions[symbol.index]
    guard !row.isEmpty, row[field] >= 0, let block = blocks[symbol.index] else { return nil }
    // A released block (Checker.check) is never read again: every field is memoised by then.
    guard let value = block.value(at: Int(row[field])) else {
      assertionFailure("the entries of `\(symbol.name)` were read after the check released them")
      return nil
    }
    return value
  }

  /// Where the field's name is written in the resource's block, if it is.
  func entryNameRange(of symbol: Symbol, field: Int) -> SourceRange? {
    let row = entryPositions[symbol.index]
    guard !row.isEmpty, row[field] >= 0 else { return nil }
    return blocks[symbol.index]?.nameRange(at: Int(row[field]))
  }

  /// Whether the resource's block sets field `field`.
  func hasEntry(_ symbol: Symbol, field: Int) -> Bool {
    let row = entryPositions[symbol.index]
    return !row.isEmpty && row[field] >= 0
  }

  mutating func addOverride(
    _ entry: Entry, at position: Int, environment: String, file: Int, _ symbols: SymbolTable,
    _ diagnostics: inout [Diagnostic]
  ) {
    let target = entry.path[0]
    // Made only for a diagnostic: most overrides are fine, and a large program has thousands.
    var dataPath: DataPath { DataPath("environments", environment, target.name) }
    guard let symbol = symbols.lookup(target.name), case .resource(let kind, _) = symbol.kind else {
      let resourceNames = symbols.all.compactMap { symbol in
        if case .resource = symbol.kind { symbol.name } else { nil }
      }
      let suggestion = Suggestions.closest(to: target.name, in: resourceNames)
      let what =
        symbols.lookup(target.name).map { "`\($0.name)` is not a resource; only resource fields can be overridden" }
        ?? "cannot find a resource named `\(target.name)` to override"
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.invalidOverride, what, at: target.range, help: suggestion.map { "did you mean `\($0)`?" },
          fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: target.range, replacement: $0)] } ?? [],
          dataPath: dataPath))
      return
    }
    guard symbols.isVisible(symbol, from: file) else {
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.notImported, "`\(target.name)` is declared in a file that this file does not import",
          at: target.range, notes: [DiagnosticNote("\(symbol.description) is declared here", at: symbol.nameRange)],
          dataPath: dataPath))
      return
    }
    guard kind != .environment else {
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.invalidOverride, "an environment cannot override another environment", at: target.range,
          dataPath: dataPath))
      return
    }
    let schema = Schemas.schema(for: kind)
    let field = entry.path[1]
    guard schema.field(field.name) != nil else {
      let suggestion = Suggestions.closest(to: field.name, in: schema.fields.map(\.name))
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.unknownField, "\(kind.rawValue) has no field `\(field.name)`", at: field.range,
          help: suggestion.map { "did you mean `\($0)`?" },
          fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: field.range, replacement: $0)] } ?? [],
          dataPath: dataPath.appending(field.name)))
      return
    }
    if let existing = overrides.of(target.name, in: environment)?.first(where: {
      $0.entry.path.elementsEqual(entry.path) { $0.name == $1.name }
    }) {
      let path = entry.path.map(\.name).joined(separator: ".")
      diagnostics.append(
        Diagnostic(
          CheckDiagnostics.duplicateField, "`\(path)` is overridden twice in environment `\(environment)`",
          at: entry.pathRange,
          notes: [DiagnosticNote("first overridden here", at: existing.entry.pathRange)], dataPath: dataPath))
      return
    }
    overrides.add(Override(environment: environment, file: file, entry: entry, position: position), to: target.name)
    if let index = schema.fields.firstIndex(where: { $0.name == field.name }) {
      overriddenFields.insert(Evaluator.memoKey(symbol, index))
    }
  }
}

/// Environment → resource name → overrides, in written order. A class, shared by every
/// evaluator's copy of the layout: a check that releases its syntax lets a resource's overrides
/// go once every environment has evaluated the resource (at 10,000 overridden services, 10 MiB of
/// syntax that otherwise stayed until the end of the check).
final class OverrideTable {
  private var byEnvironment: [String: [String: [Override]]] = [:]

  func of(_ resource: String, in environment: String) -> [Override]? { byEnvironment[environment]?[resource] }

  func add(_ override: Override, to resource: String) {
    byEnvironment[override.environment, default: [:]][resource, default: []].append(override)
  }

  /// Takes every environment's overrides of `resource` out of the table.
  func remove(_ resource: String) -> [Override] {
    var removed: [Override] = []
    for environment in byEnvironment.keys.sorted() {
      if let overrides = byEnvironment[environment]?.removeValue(forKey: resource) {
        removed += overrides
      }
    }
    return removed
  }
}

/// Names become Kubernetes object names, compose keys and folder names.
enum NameRules {
  static func validate(_ name: String, kind: ResourceKind, at range: SourceRange, diagnostics: inout [Diagnostic]) {
    let bytes = Array(name.utf8)
    func alnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    let problem: String?
    switch kind {
    case .host, .environment:
      // Inventory host names may hold `_`; environment names become folder names, and every
      // identifier (letters, digits, `_`, `-`) is a valid one.
      problem = nil
    default:
      let valid =
        bytes.count <= 63 && alnum(bytes.first ?? 0) && alnum(bytes.last ?? 0)
        && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
      problem =
        valid ? nil : "\(kind.rawValue) names must be DNS labels (lowercase letters, digits and `-`, at most 63)"
    }
    guard let problem else { return }
    let fixed = String(
      decoding: bytes.map { b -> UInt8 in
        if b == UInt8(ascii: "_") { return UInt8(ascii: "-") }
        if b >= 0x41 && b <= 0x5A { return b + 32 }
        return b
      }, as: UTF8.self)
    diagnostics.append(
      Diagnostic(
        CheckDiagnostics.invalidName, "`\(name)` cannot be used as a \(kind.rawValue) name", at: range, help: problem,
        fixIts: fixed != name
          ? [FixIt("rename to `\(fixed)`", range: range, replacement: fixed)] : []))
  }
}
