import IaCJSON

/// The versioned contract between the Swift DSL (`IaC`) and the compiler: what a Swift manifest
/// writes, and what the manifest loader reads. One set of types serves both sides. A reader meets
/// a different `version` with a clear error, never a decoding failure.
public enum WireFormat {
  /// Bump on any change a reader of the previous version would misread.
  public static let version = 1

  public enum ReadError: Error, Equatable, CustomStringConvertible {
    case notJSON(String)
    case versionMismatch(found: Int?)
    case malformed(String)

    public var description: String {
      switch self {
      case .notJSON(let reason): return "the manifest's output is not JSON (\(reason))"
      case .versionMismatch(let found):
        return
          "the manifest was built with an IaC library of wire version \(found.map(String.init) ?? "unknown"); this iacc reads version \(WireFormat.version). Rebuild the manifest against this iacc's IaC library"
      case .malformed(let reason): return "the manifest's output is not a valid iacc model (\(reason))"
      }
    }
  }
}

/// A value as the DSL writes it: the same forms as .iac expressions, already typed by Swift.
public indirect enum WireValue: Sendable, Equatable {
  case string(String)
  case int(Int)
  case bool(Bool)
  /// A number with one of the .iac units (`512`, `Mi`), so units stay exact.
  case quantity(String, unit: String)
  /// A bare fraction: an amount of CPU.
  case decimal(String)
  case fileMode(Int)
  /// An enumeration case (`unless_stopped`, `udp`).
  case enumCase(String)
  /// A resource by name, optionally a field of it (`["proj-pg01", "address"]`).
  case reference([String])
  /// A constructor: `http(path: …, port: …)`.
  case call(String, [(label: String, value: WireValue)])
  case list([WireValue])
  case map([(key: String, value: WireValue)])
  /// `published -> target`.
  case portMapping(WireValue, WireValue)
  /// Text with values in it, `"${db.address}:5432"`: literal pieces and values, in order.
  case text([WireTextPart])
  /// A value per environment; `default` for the rest.
  case byEnvironment([(environment: String, value: WireValue)])

  public static func == (lhs: WireValue, rhs: WireValue) -> Bool { lhs.json() == rhs.json() }
}

public enum WireTextPart: Sendable, Equatable {
  case literal(String)
  case value(WireValue)
}

/// One declaration: a resource with its fields, where the Swift source wrote it.
public struct WireDeclaration: Sendable, Equatable {
  public var kind: String
  public var name: String
  public var fields: [(name: String, value: WireValue)]
  /// Environment overrides: `resource.field… = value` (environments only).
  public var overrides: [(path: [String], value: WireValue)]
  public var file: String
  public var line: Int

  public init(
    kind: String, name: String, fields: [(name: String, value: WireValue)],
    overrides: [(path: [String], value: WireValue)] = [],
    file: String, line: Int
  ) {
    self.kind = kind
    self.name = name
    self.fields = fields
    self.overrides = overrides
    self.file = file
    self.line = line
  }

  public static func == (lhs: WireDeclaration, rhs: WireDeclaration) -> Bool { lhs.json() == rhs.json() }
}

/// Everything one manifest declares.
public struct WireProgram: Sendable, Equatable {
  public var declarations: [WireDeclaration]
  public init(declarations: [WireDeclaration]) { self.declarations = declarations }
}
