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
  /// Set by `resource.field = …` in an environment block. Boxed: every value carries an origin,
  /// and few are overrides, so the common cases stay one word.
  indirect case override(environment: String, at: SourceRange)
}

/// A checked, typed value with the source range it was written at.
public struct Value: Sendable, Equatable, CustomStringConvertible {
  public var kind: ValueKind
  public var range: SourceRange?
  public var origin: ValueOrigin

  public init(_ kind: ValueKind, range: SourceRange?, origin: ValueOrigin = .declared) {
    self.kind = kind
    self.range = range
    self.origin = origin
  }

  /// Values are equal when their contents are: where they were written does not matter.
  public static func == (lhs: Value, rhs: Value) -> Bool { lhs.kind == rhs.kind }

  public var description: String { kind.description }
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
    case .record(let fields), .variant(_, let fields), .map(let fields): return fields.first { $0.name == field }?.value
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
