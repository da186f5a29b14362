/// The kinds of resource a program can declare. Their schemas are in `Schemas`.
public enum ResourceKind: String, Sendable, CaseIterable, Comparable {
  case host, secret, config, volume, network, service, stack, environment

  public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rank < rhs.rank }

  /// Declaration order, the order of resources in output (a switch: sorting calls this often).
  var rank: Int {
    switch self {
    case .host: return 0
    case .secret: return 1
    case .config: return 2
    case .volume: return 3
    case .network: return 4
    case .service: return 5
    case .stack: return 6
    case .environment: return 7
    }
  }

  /// The name of a reference type to this kind, as written in `param` types and messages.
  public var typeName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

  /// The first component of a data path: `services.gitea.image`.
  public var pluralName: String {
    switch self {
    case .host: return "hosts"
    case .secret: return "secrets"
    case .config: return "configs"
    case .volume: return "volumes"
    case .network: return "networks"
    case .service: return "services"
    case .stack: return "stacks"
    case .environment: return "environments"
    }
  }
}

/// The type of a field or a value. Derived types (records, variants, enums) are named so that
/// messages and `spec/resources.md` can refer to them.
public indirect enum FieldType: Sendable, Equatable {
  case string, int, bool, byteSize, cpu, duration, port, path, image, fileMode
  /// A string, or a number or boolean taken as its text (environment variable values).
  case scalar
  /// A published/target port pair: `8080`, `2222 -> 22`, or a record with protocol and host IP.
  case portMapping
  case enumeration(EnumSchema)
  case list(FieldType)
  /// String keys (or `Path`/reference keys), values of one type, in written order.
  case map(key: FieldType, value: FieldType)
  case record(RecordSchema)
  case variant(VariantSchema)
  /// One of several types, tried in order: `Mount` is a volume reference or `bind(…)`.
  case oneOf(name: String, [FieldType])
  /// A reference to a resource of this kind; `Secret` references are the only way to a secret.
  case reference(ResourceKind)
  /// Anything: `let` bindings without a type annotation.
  case any
  /// Any value except a secret: data written as it is into generated files (host variables).
  case data

  public var name: String {
    switch self {
    case .string: return "String"
    case .int: return "Int"
    case .bool: return "Bool"
    case .byteSize: return "ByteSize"
    case .cpu: return "CPU"
    case .duration: return "Duration"
    case .port: return "Port"
    case .path: return "Path"
    case .image: return "Image"
    case .fileMode: return "FileMode"
    case .scalar: return "Scalar"
    case .portMapping: return "PortMapping"
    case .enumeration(let schema): return schema.name
    case .list(let element): return "List<\(element.name)>"
    case .map(let key, let value): return key == .string ? "Map<\(value.name)>" : "Map<\(key.name), \(value.name)>"
    case .record(let schema): return schema.name
    case .variant(let schema): return schema.name
    case .oneOf(let name, _): return name
    case .reference(let kind): return kind.typeName
    case .any: return "Any"
    case .data: return "Data"
    }
  }
}

public struct EnumSchema: Sendable, Equatable {
  public var name: String
  public var cases: [String]
  public var doc: String
}

/// A field of a resource, a record or a variant constructor.
public struct FieldSchema: Sendable, Equatable {
  public enum Requirement: Sendable, Equatable {
    case required
    case optional
    /// A default, written in .iac syntax; the checker evaluates it like user input, so a default
    /// can never have a type the field does not accept.
    case defaultValue(String)
  }

  public var name: String
  public var type: FieldType
  public var requirement: Requirement
  public var doc: String
  /// The smallest allowed value for `Int` fields.
  public var minimum: Int?

  public init(
    _ name: String, _ type: FieldType, _ requirement: Requirement = .optional, minimum: Int? = nil, _ doc: String
  ) {
    self.name = name
    self.type = type
    self.requirement = requirement
    self.doc = doc
    self.minimum = minimum
  }

  public var hasDefault: Bool {
    if case .defaultValue = requirement { true } else { false }
  }
}

public struct RecordSchema: Sendable, Equatable {
  public var name: String
  public var doc: String
  public var fields: [FieldSchema]

  public init(name: String, doc: String, fields: [FieldSchema]) {
    self.name = name
    self.doc = doc
    self.fields = fields
  }

  public func field(_ name: String) -> FieldSchema? { fields.first { $0.name == name } }
}

/// A closed set of named constructors, each with its own fields: `http(path: "/", port: 80)`.
public struct VariantSchema: Sendable, Equatable {
  public var name: String
  public var doc: String
  public var constructors: [RecordSchema]

  public func constructor(_ name: String) -> RecordSchema? { constructors.first { $0.name == name } }
}

public struct ResourceSchema: Sendable {
  public var kind: ResourceKind
  public var doc: String
  public var fields: [FieldSchema]

  public func field(_ name: String) -> FieldSchema? { fields.first { $0.name == name } }
}
