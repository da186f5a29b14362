import IaCBasics

/// A resource's identity: its kind and its name. Names are unique across a program.
public struct ResourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var kind: ResourceKind
  public var name: String
  public init(kind: ResourceKind, name: String) {
    self.kind = kind
    self.name = name
  }
  public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
    lhs.kind != rhs.kind ? lhs.kind < rhs.kind : lhs.name < rhs.name
  }
  public var description: String { "\(kind.rawValue) `\(name)`" }
}

/// Where a value came from, so later diagnostics can say so.
public enum ValueOrigin: Sendable, Equatable {
  case declared
  /// Filled in from the schema's default.
  case defaulted
  /// Set by `resource.field = …` in an environment block: every value the override makes shares
  /// one site.
  case override(OverrideSite)
}

/// An environment's override, as the origin of the values it sets.
public final class OverrideSite: Sendable, Equatable {
  public let environment: String
  /// The override entry (`web.replicas = 3`).
  public let range: SourceRange

  public init(environment: String, at range: SourceRange) {
    self.environment = environment
    self.range = range
  }

  public static func == (lhs: OverrideSite, rhs: OverrideSite) -> Bool {
    lhs.environment == rhs.environment && lhs.range == rhs.range
  }
}

/// A checked, typed value with the source range it was written at.
public struct Value: Sendable, Equatable, CustomStringConvertible {
  public var kind: ValueKind
  /// The range and the origin in one 16-byte word pair (see `Placement`).
  private var placement: Placement

  public init(_ kind: ValueKind, range: SourceRange?, origin: ValueOrigin = .declared) {
    self.kind = kind
    self.placement = Placement(range: range, origin: origin)
  }

  public var range: SourceRange? {
    get { placement.range }
    set { placement = Placement(range: newValue, origin: placement.origin) }
  }

  public var origin: ValueOrigin {
    get { placement.origin }
    set { placement = Placement(range: placement.range, origin: newValue) }
  }

  /// Values are equal when their contents are: where they were written does not matter.
  public static func == (lhs: Value, rhs: Value) -> Bool { lhs.kind == rhs.kind }

  public var description: String { kind.description }
}

/// A value's range and origin together. Every checked value has both, and a large model holds
/// hundreds of thousands: as two fields (an optional range and an origin whose override case was
/// boxed) they took 24 bytes of a 32-byte `Value`. As one enum they take 16, the size of the range
/// alone: the common cases carry the range; a value an override made carries its site and the
/// offsets of its range in the override's file; only one made elsewhere is boxed (rare).
enum Placement: Sendable {
  case declared(SourceRange)
  case defaulted(SourceRange)
  case unplacedDeclared
  case unplacedDefaulted
  /// A range in the site's file.
  case overridden(OverrideSite, start: UInt32, end: UInt32)
  case overriddenElsewhere(Elsewhere)

  final class Elsewhere: Sendable {
    let site: OverrideSite
    let range: SourceRange?
    init(site: OverrideSite, range: SourceRange?) {
      self.site = site
      self.range = range
    }
  }

  init(range: SourceRange?, origin: ValueOrigin) {
    switch (origin, range) {
    case (.declared, let range?): self = .declared(range)
    case (.declared, nil): self = .unplacedDeclared
    case (.defaulted, let range?): self = .defaulted(range)
    case (.defaulted, nil): self = .unplacedDefaulted
    case (.override(let site), let range?) where range.file === site.range.file:
      self = .overridden(site, start: UInt32(range.start), end: UInt32(range.end))
    case (.override(let site), let range):
      self = .overriddenElsewhere(Elsewhere(site: site, range: range))
    }
  }

  var range: SourceRange? {
    switch self {
    case .declared(let range), .defaulted(let range): return range
    case .unplacedDeclared, .unplacedDefaulted: return nil
    case .overridden(let site, let start, let end):
      return SourceRange(file: site.range.file, start: Int(start), end: Int(end))
    case .overriddenElsewhere(let box): return box.range
    }
  }

  var origin: ValueOrigin {
    switch self {
    case .declared, .unplacedDeclared: return .declared
    case .defaulted, .unplacedDefaulted: return .defaulted
    case .overridden(let site, _, _): return .override(site)
    case .overriddenElsewhere(let box): return .override(box.site)
    }
  }
}

public struct NamedValue: Sendable, Equatable {
  public var name: String
  /// Where the key or field name was written (nil for defaults).
  public var nameRange: SourceRange?
  public var value: Value

  public init(_ name: String, nameRange: SourceRange? = nil, _ value: Value) {
    self.name = name
    self.nameRange = nameRange
    self.value = value
  }

  public static func == (lhs: NamedValue, rhs: NamedValue) -> Bool { lhs.name == rhs.name && lhs.value == rhs.value }
}

public indirect enum ValueKind: Sendable, Equatable, CustomStringConvertible {
  case string(String)
  case int(Int)
  case bool(Bool)
  case byteSize(ByteSize)
  case cpu(CPU)
  case duration(Duration)
  case port(Port)
  case path(String)
  case image(ImageReference)
  case fileMode(FileMode)
  case enumCase(String)
  case portMapping(PortMapping)
  case list([Value])
  /// Keys in written order.
  case map([NamedValue])
  /// Fields in schema order.
  case record([NamedValue])
  /// A constructor and its fields in schema order.
  case variant(String, [NamedValue])
  case reference(ResourceID)
  /// `app-config.data.LOG_LEVEL`: one key of a config, with its text. Where a string is expected it
  /// is that text; an environment variable keeps the reference (Kubernetes `configMapKeyRef`).
  case configEntry(ResourceID, key: String, text: String)

  public var description: String {
    switch self {
    case .string(let text): return "\"\(text)\""
    case .int(let n): return String(n)
    case .bool(let b): return String(b)
    case .byteSize(let size): return size.description
    case .cpu(let cpu): return cpu.description
    case .duration(let duration): return duration.description
    case .port(let port): return port.description
    case .path(let path): return "\"\(path)\""
    case .image(let image): return "\"\(image)\""
    case .fileMode(let mode): return "0o" + String(mode.bits, radix: 8)
    case .enumCase(let name): return name
    case .portMapping(let mapping): return mapping.description
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .map(let entries), .record(let entries):
      return "{" + entries.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
    case .variant(let name, let fields):
      return "\(name)(" + fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + ")"
    case .reference(let id): return id.name
    case .configEntry(let id, let key, _): return "\(id.name).data.\(key)"
    }
  }
}

extension Value {
  /// The field of a record or variant value, or the entry of a map.
  public subscript(field: String) -> Value? {
    switch kind {
    case .record(let fields), .variant(_, let fields), .map(let fields):
      // By index, handing back only the value (see `Resource.subscript`).
      for index in fields.indices where fields[index].name == field { return fields[index].value }
      return nil
    default: return nil
    }
  }

  public var stringValue: String? {
    switch kind {
    case .string(let text), .path(let text): return text
    default: return nil
    }
  }

  public var listValue: [Value]? { if case .list(let items) = kind { return items } else { return nil } }
  public var referenceValue: ResourceID? { if case .reference(let id) = kind { return id } else { return nil } }
}
