import IaCBasics
import IaCModel
import IaCSyntax

/// A top-level name: a resource, a `let` or a `param`.
public struct Symbol: Sendable {
  public enum Kind: Sendable {
    case resource(ResourceKind, ResourceDecl)
    case letBinding(LetDecl)
    case param(ParamDecl)
  }
  public var name: String
  public var kind: Kind
  public var file: Int
  public var nameRange: SourceRange
  /// Position in declaration order: a small integer key for memo tables.
  public var index: Int = 0

  var description: String {
    switch kind {
    case .resource(let kind, _): return "\(kind.rawValue) `\(name)`"
    case .letBinding: return "`let \(name)`"
    case .param: return "`param \(name)`"
    }
  }
}

/// Every top-level name of a program, with which files can see which. One namespace for all
/// files; a file sees its own names and those of the files it imports, transitively.
public struct SymbolTable: Sendable {
  /// Every symbol in declaration order: `all[symbol.index]`. Held once; the names map to indices,
  /// so a large program's symbols (each carries its declaration) are not stored twice.
  public private(set) var all: [Symbol] = []
  private var indices: [String: Int] = [:]
  /// visible[f][g]: file f may use the names of file g.
  var visible: [[Bool]] = []

  /// Every name in declaration order.
  public var order: [String] { all.map(\.name) }

  /// An empty table (for a result whose syntax is no longer needed).
  public init() {}

  static func build(_ program: Program, diagnostics: inout [Diagnostic]) -> SymbolTable {
    var table = SymbolTable()
    table.computeVisibility(program)
    // Sized once: grown by doubling, a large program's symbols carried up to as much again.
    let declarations = program.files.reduce(0) { $0 + $1.declarations.count }
    table.all.reserveCapacity(declarations)
    table.indices.reserveCapacity(declarations)
    for (fileIndex, syntax) in program.files.enumerated() {
      for declaration in syntax.declarations {
        let symbol: Symbol
        switch declaration {
        case .importDecl: continue
        case .letDecl(let decl):
          symbol = Symbol(name: decl.name.name, kind: .letBinding(decl), file: fileIndex, nameRange: decl.name.range)
        case .paramDecl(let decl):
          symbol = Symbol(name: decl.name.name, kind: .param(decl), file: fileIndex, nameRange: decl.name.range)
        case .resourceDecl(let decl):
          guard let kind = ResourceKind(rawValue: decl.kind.name) else {
            let suggestion = Suggestions.closest(to: decl.kind.name, in: ResourceKind.allCases.map(\.rawValue))
            diagnostics.append(
              Diagnostic(
                CheckDiagnostics.unknownKind, "unknown resource kind `\(decl.kind.name)`", at: decl.kind.range,
                help: suggestion.map { "did you mean `\($0)`?" }
                  ?? "resource kinds are " + ResourceKind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "),
                fixIts: suggestion.map { [FixIt("replace with `\($0)`", range: decl.kind.range, replacement: $0)] }
                  ?? []))
            continue
          }
          symbol = Symbol(
            name: decl.name.name, kind: .resource(kind, decl), file: fileIndex, nameRange: decl.name.range)
        }
        if let existing = table.lookup(symbol.name) {
          diagnostics.append(
            Diagnostic(
              CheckDiagnostics.duplicateDeclaration, "`\(symbol.name)` is declared twice", at: symbol.nameRange,
              notes: [DiagnosticNote("\(existing.description) is declared here", at: existing.nameRange)]))
          continue
        }
        var indexed = symbol
        indexed.index = table.all.count
        table.indices[symbol.name] = indexed.index
        table.all.append(indexed)
      }
    }
    return table
  }

  mutating func computeVisibility(_ program: Program) {
    let count = program.files.count
    visible = Array(repeating: Array(repeating: false, count: count), count: count)
    for shared in program.sharedFiles {
      for file in 0..<count {
        visible[file][shared] = true
        visible[shared][file] = true
      }
    }
    for start in 0..<count {
      var stack = [start]
      visible[start][start] = true
      while let file = stack.popLast() {
        for target in program.imports[file] where !visible[start][target] {
          visible[start][target] = true
          stack.append(target)
        }
      }
    }
  }

  public func lookup(_ name: String) -> Symbol? { indices[name].map { all[$0] } }

  /// File -1 is the command line (`--param`), which sees every name.
  func isVisible(_ symbol: Symbol, from file: Int) -> Bool { file < 0 || visible[file][symbol.file] }

  /// Names visible from a file, for "did you mean" suggestions.
  func visibleNames(from file: Int) -> [String] {
    all.filter { isVisible($0, from: file) }.map(\.name)
  }

  /// Each symbol's place in the model's order of resources, by kind then name
  /// (`ResourceID`'s order): `resourceOrder()[symbol.index]`. Names are unique, so no two
  /// resources share a place. Lets and params have places too, and are never put in them.
  func resourceOrder() -> [Int] {
    func key(_ symbol: Symbol) -> ResourceID? {
      if case .resource(let kind, _) = symbol.kind { ResourceID(kind: kind, name: symbol.name) } else { nil }
    }
    let keys = all.map(key)
    let sorted = all.indices.sorted { left, right in
      switch (keys[left], keys[right]) {
      case (let l?, let r?): return l < r
      case (nil, nil): return left < right
      case (nil, _?): return false
      case (_?, nil): return true
      }
    }
    var places = [Int](repeating: 0, count: all.count)
    for (place, index) in sorted.enumerated() { places[index] = place }
    return places
  }

  public func resources(of kind: ResourceKind) -> [Symbol] {
    all.filter { symbol in
      if case .resource(let symbolKind, _) = symbol.kind { symbolKind == kind } else { false }
    }
  }
}
