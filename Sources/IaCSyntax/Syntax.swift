import IaCBasics

// The syntax tree. Node names follow the grammar's productions in spec/language.md; every node
// carries its exact source range. Malformed input still yields a tree (with `.missing` nodes), so
// later stages can keep checking what did parse.

public struct Identifier: Sendable, Equatable {
  public var name: String
  public var range: SourceRange
  public init(name: String, range: SourceRange) {
    self.name = name
    self.range = range
  }
}

/// `file = { declaration } ;`
public struct SourceFileSyntax: Sendable {
  public var file: SourceFile
  /// Shared by every copy of the file's syntax, as a block's entries are (see `Block`), so that a
  /// check which owns the program can let the list go once its symbol table holds each
  /// declaration (`releaseDeclarations`). A copy that is changed gets storage of its own.
  private var storage: DeclarationStorage
  public var comments: [Range<Int>]

  public init(file: SourceFile, declarations: [Declaration], comments: [Range<Int>] = []) {
    self.file = file
    self.storage = DeclarationStorage(declarations)
    self.comments = comments
  }

  public var declarations: [Declaration] {
    get { storage.declarations }
    set { storage = DeclarationStorage(newValue) }
  }

  /// Empties the list of declarations for every copy of the file's syntax (the declarations
  /// themselves live on where they are held: a checker's symbol table). Only for the checker.
  public func releaseDeclarations() { storage.release() }

  /// `@unchecked`: the list changes only by `release`, under the same rule as `Block`'s entries.
  private final class DeclarationStorage: @unchecked Sendable {
    private(set) var declarations: [Declaration]
    init(_ declarations: [Declaration]) { self.declarations = declarations }
    func release() { declarations = [] }
  }
}

/// `declaration = import_decl | let_decl | param_decl | resource_decl ;`
public enum Declaration: Sendable {
  case importDecl(ImportDecl)
  case letDecl(LetDecl)
  case paramDecl(ParamDecl)
  case resourceDecl(ResourceDecl)

  public var range: SourceRange {
    switch self {
    case .importDecl(let decl): return decl.range
    case .letDecl(let decl): return decl.range
    case .paramDecl(let decl): return decl.range
    case .resourceDecl(let decl): return decl.range
    }
  }
}

/// `import_decl = "import" string ;`
public struct ImportDecl: Sendable {
  /// Nil when the path was missing or was not a plain string.
  public var path: String?
  public var pathRange: SourceRange
  public var range: SourceRange
}

/// `let_decl = "let" identifier [ ":" type ] "=" expression ;`
public struct LetDecl: Sendable {
  public var name: Identifier
  public var type: TypeSyntax?
  public var value: Expr
  public var range: SourceRange
}

/// `param_decl = "param" identifier ":" type [ "=" expression ] ;`
public struct ParamDecl: Sendable {
  public var name: Identifier
  public var type: TypeSyntax?
  public var defaultValue: Expr?
  public var range: SourceRange
}

/// `resource_decl = kind identifier block ;`
public struct ResourceDecl: Sendable {
  public var kind: Identifier
  public var name: Identifier
  public var body: Block
  public var range: SourceRange

  public init(kind: Identifier, name: Identifier, body: Block, range: SourceRange) {
    self.kind = kind
    self.name = name
    self.body = body
    self.range = range
  }
}

/// `block = "{" { entry [ "," | ";" ] } "}" ;`
public struct Block: Sendable {
  /// Shared by every copy of the block (the program's, the symbol table's), so that a check which
  /// owns the program can let a declaration's entries go once it has evaluated them
  /// (`releaseEntries`). A copy that is changed gets storage of its own, as a value would.
  private var storage: EntryStorage
  public var range: SourceRange

  public init(entries: [Entry], range: SourceRange) {
    self.storage = EntryStorage(entries)
    self.range = range
  }

  public var entries: [Entry] {
    get { storage.entries }
    set { storage = EntryStorage(newValue) }
  }

  /// The value of the entry at `position`, and where its first name is: what the checker reads of
  /// an entry, without copying the rest of it. Nil past the end (a released block is empty).
  public func value(at position: Int) -> Expr? { storage.value(at: position) }
  public func nameRange(at position: Int) -> SourceRange? { storage.nameRange(at: position) }

  /// Empties the block for every copy of it: the entries (most of a large program's syntax tree)
  /// are freed. Only for the checker, once nothing will read them again (Checker.check).
  public func releaseEntries() { storage.release() }

  /// Empties one entry for every copy of the block: its path and value are freed, its range stays.
  /// Only for the checker: an environment's override of a resource, once every environment has
  /// evaluated that resource (Checker.check).
  public func releaseEntry(at position: Int) { storage.release(at: position) }

  /// `@unchecked`: the entries change only by `release`, which the checker calls on a program no
  /// other thread is reading (it was loaded for this check, and the caller asked for the release).
  private final class EntryStorage: @unchecked Sendable {
    private(set) var entries: [Entry]
    init(_ entries: [Entry]) { self.entries = entries }
    func value(at position: Int) -> Expr? { position < entries.count ? entries[position].value : nil }
    func nameRange(at position: Int) -> SourceRange? {
      position < entries.count ? entries[position].path.first?.range : nil
    }
    func release() { entries = [] }
    func release(at position: Int) {
      guard entries.indices.contains(position) else { return }
      let range = entries[position].range
      entries[position] = Entry(path: [], value: Expr(.missing, range), range: range)
    }
  }
}

/// `entry = identifier { "." identifier } "=" expression ;` — a dotted path is an override in an
/// environment block (`gitea.replicas = 2`).
public struct Entry: Sendable {
  public var path: [Identifier]
  public var value: Expr
  public var range: SourceRange

  public init(path: [Identifier], value: Expr, range: SourceRange) {
    self.path = path
    self.value = value
    self.range = range
  }

  public var pathRange: SourceRange { path.first!.range.extended(to: path.last!.range) }
}

/// `type = identifier [ "<" type { "," type } ">" ] ;`
public struct TypeSyntax: Sendable, Equatable {
  public var name: Identifier
  public var arguments: [TypeSyntax]
  public var range: SourceRange
}

public struct Expr: Sendable {
  public var kind: ExprKind
  public var range: SourceRange

  public init(_ kind: ExprKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// Literals and collections are stored inline; only the wide or recursive payloads are boxed, so a
/// literal takes no allocation of its own.
public enum ExprKind: Sendable {
  case string(StringLiteral)
  /// Nil when the literal did not fit (already reported).
  case integer(Int?)
  /// The digits as written, e.g. `0.5`; only CPU accepts a bare fraction.
  case decimal(String)
  indirect case unitNumber(UnitLiteral)
  case fileMode(Int?)
  case bool(Bool)
  /// `name` or `name.field.field`.
  case reference([Identifier])
  case list([Expr])
  case map([MapEntry])
  /// `compose(proj_docker01)`, `http(path: "/", port: 80)`, `env("TOKEN")`.
  indirect case call(Identifier, [Argument])
  /// `2222 -> 22`: published port, container port.
  indirect case portMapping(Expr, Expr)
  /// `a + b`: lists joined, maps merged (a key in both is an error), strings concatenated.
  indirect case plus(Expr, Expr)
  /// `by_env { production: 2, default: 1 }`.
  case byEnv([MapEntry])
  /// Where the parser found no expression; already reported.
  case missing
}

public struct StringLiteral: Sendable {
  public enum Part: Sendable {
    case text(String)
    case interpolation(Expr)
  }
  /// Most literals are one piece of text: stored as that text, without an array of parts (an
  /// allocation per literal, a tenth of a large program's syntax tree).
  private enum Storage: Sendable {
    case plain(String)
    case parts([Part])
  }
  private var storage: Storage
  public var isMultiline: Bool

  public init(parts: [Part], isMultiline: Bool = false) {
    if parts.count == 1, case .text(let text) = parts[0] {
      storage = .plain(text)
    } else {
      storage = .parts(parts)
    }
    self.isMultiline = isMultiline
  }

  public init(text: String, isMultiline: Bool = false) {
    storage = .plain(text)
    self.isMultiline = isMultiline
  }

  public var parts: [Part] {
    switch storage {
    case .plain(let text): return [.text(text)]
    case .parts(let parts): return parts
    }
  }

  /// The value when there is no interpolation.
  public var plainText: String? {
    switch storage {
    case .plain(let text): return text
    case .parts(let parts):
      var text = ""
      for part in parts {
        guard case .text(let piece) = part else { return nil }
        text += piece
      }
      return text
    }
  }
}

/// A number with a unit, as written: `512Mi` is magnitude "512", unit `.mebibytes`.
public struct UnitLiteral: Sendable, Equatable {
  public var magnitude: String
  public var unit: NumberUnit

  public init(magnitude: String, unit: NumberUnit) {
    self.magnitude = magnitude
    self.unit = unit
  }
}

/// Every unit suffix the grammar knows. `m` is milli-CPU, never minutes (`min`), as in Kubernetes.
public enum NumberUnit: String, Sendable, CaseIterable {
  case bytes = "B", kilobytes = "K", megabytes = "M", gigabytes = "G", terabytes = "T", petabytes = "P"
  case kibibytes = "Ki", mebibytes = "Mi", gibibytes = "Gi", tebibytes = "Ti", pebibytes = "Pi"
  case milliseconds = "ms", seconds = "s", minutes = "min", hours = "h", days = "d"
  case millicores = "m"

  public enum Dimension: String, Sendable { case byteSize = "ByteSize", duration = "Duration", cpu = "CPU" }

  /// The unit spelled by these bytes, as `init(rawValue:)` reads its text: on the bytes, since
  /// nearly every number with a unit in a program takes this path (a string switch was a
  /// twentieth of parsing).
  init?(suffix bytes: ArraySlice<UInt8>) {
    guard let key = Self.key(bytes), let unit = Self.bySuffix[key] else { return nil }
    self = unit
  }

  /// Every unit by its spelling as a number, made from the raw values.
  private static let bySuffix = [UInt32: NumberUnit](
    uniqueKeysWithValues: allCases.map { (key($0.rawValue.utf8)!, $0) })

  /// Up to three bytes and their count in one number; nil for a longer spelling (no unit has one).
  private static func key(_ bytes: some Collection<UInt8>) -> UInt32? {
    guard bytes.count <= 3 else { return nil }
    return bytes.reduce(UInt32(bytes.count)) { $0 << 8 | UInt32($1) }
  }

  public var dimension: Dimension {
    switch self {
    case .milliseconds, .seconds, .minutes, .hours, .days: return .duration
    case .millicores: return .cpu
    default: return .byteSize
    }
  }

  /// How many base units (bytes, milliseconds, millicores) one of this unit is.
  public var scale: Int64 {
    switch self {
    case .bytes: return 1
    case .kilobytes: return 1_000
    case .megabytes: return 1_000_000
    case .gigabytes: return 1_000_000_000
    case .terabytes: return 1_000_000_000_000
    case .petabytes: return 1_000_000_000_000_000
    case .kibibytes: return 1 << 10
    case .mebibytes: return 1 << 20
    case .gibibytes: return 1 << 30
    case .tebibytes: return 1 << 40
    case .pebibytes: return 1 << 50
    case .milliseconds: return 1
    case .seconds: return 1_000
    case .minutes: return 60_000
    case .hours: return 3_600_000
    case .days: return 86_400_000
    case .millicores: return 1
    }
  }
}

/// `map_entry = ( identifier | string ) ":" expression ;`
public struct MapEntry: Sendable {
  public var key: String
  public var keyRange: SourceRange
  /// A quoted key is always a plain string; a bare one may name something (an environment, a stack).
  public var keyIsQuoted: Bool
  /// A quoted key with `${…}`: its text is computed (`"${root}/etc/motd": …`); `key` is then empty.
  public var interpolatedKey: StringLiteral? {
    get { interpolatedKeyBox?.literal }
    set { interpolatedKeyBox = newValue.map(InterpolatedKey.init) }
  }
  /// Boxed: such keys are rare, and a literal stored inline made every map entry 16 bytes larger.
  private var interpolatedKeyBox: InterpolatedKey?
  public var value: Expr

  public init(key: String, keyRange: SourceRange, keyIsQuoted: Bool, interpolatedKey: StringLiteral? = nil, value: Expr)
  {
    self.key = key
    self.keyRange = keyRange
    self.keyIsQuoted = keyIsQuoted
    self.interpolatedKeyBox = interpolatedKey.map(InterpolatedKey.init)
    self.value = value
  }

  private final class InterpolatedKey: Sendable {
    let literal: StringLiteral
    init(_ literal: StringLiteral) { self.literal = literal }
  }
}

/// `argument = [ identifier ":" ] expression ;`
public struct Argument: Sendable {
  public var label: Identifier?
  public var value: Expr

  public init(label: Identifier?, value: Expr) {
    self.label = label
    self.value = value
  }
}
