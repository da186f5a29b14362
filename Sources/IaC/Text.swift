import IaCWire

/// A reference to a resource's field, typed by what the field holds: `db.address` is a
/// `Reference<String>`. It is written as a reference, so the checker resolves it per environment.
public struct Reference<Value>: Setting, Sendable {
  let path: [String]
  init(_ path: [String]) { self.path = path }
  public var wireValue: WireValue { .reference(path) }
}

/// Text that may include values: `"\(db.address):5432"`. Only plain values and references can be
/// interpolated; a `Secret` cannot (there is no such interpolation), so the compiler refuses to
/// copy a secret into text.
public struct Text: Setting, ExpressibleByStringInterpolation, Sendable {
  public typealias Value = String
  let parts: [WireTextPart]

  public init(stringLiteral value: String) { parts = [.literal(value)] }
  public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

  public struct Interpolation: StringInterpolationProtocol, Sendable {
    var parts: [WireTextPart] = []
    public init(literalCapacity: Int, interpolationCount: Int) {}
    public mutating func appendLiteral(_ literal: String) { if !literal.isEmpty { parts.append(.literal(literal)) } }
    public mutating func appendInterpolation(_ text: String) { parts.append(.literal(text)) }
    public mutating func appendInterpolation(_ number: Int) { parts.append(.literal(String(number))) }
    public mutating func appendInterpolation(_ reference: Reference<String>) {
      parts.append(.value(reference.wireValue))
    }
    public mutating func appendInterpolation(_ reference: Reference<Port>) { parts.append(.value(reference.wireValue)) }
    public mutating func appendInterpolation(_ text: Text) { parts.append(contentsOf: text.parts) }
  }

  public var wireValue: WireValue {
    if parts.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
      return .string(parts.map { if case .literal(let text) = $0 { return text } else { return "" } }.joined())
    }
    return .text(parts)
  }
}

/// What an environment variable may hold: text, a number, a boolean, a config key, or a secret
/// (passed by reference by every target).
public protocol EnvironmentValue: WireConvertible {}
extension String: EnvironmentValue {}
extension Int: EnvironmentValue {}
extension Bool: EnvironmentValue {}
extension Text: EnvironmentValue {}
extension Reference: EnvironmentValue where Value == String {}
extension PerEnvironment: EnvironmentValue where Value: EnvironmentValue {}

/// Builds the wire form of ordered pairs.
func wireMap<V>(_ pairs: KeyValuePairs<String, V>, _ convert: (V) -> WireValue) -> WireValue {
  .map(pairs.map { (key: $0.key, value: convert($0.value)) })
}
