import IaCWire

/// Anything the DSL can write into a field.
public protocol WireConvertible {
  var wireValue: WireValue { get }
}

/// A value of type `Value`, or one that differs per environment (`byEnv([...], default:)`).
public protocol Setting<Value>: WireConvertible {
  associatedtype Value
}

extension String: Setting {
  public typealias Value = String
  public var wireValue: WireValue { .string(self) }
}

extension Int: Setting {
  public typealias Value = Int
  public var wireValue: WireValue { .int(self) }
}

extension Bool: Setting {
  public typealias Value = Bool
  public var wireValue: WireValue { .bool(self) }
}

extension Array: WireConvertible where Element: WireConvertible {
  public var wireValue: WireValue { .list(map(\.wireValue)) }
}

extension Array: Setting where Element: WireConvertible {
  public typealias Value = [Element]
}

/// A value per environment: `byEnv(["production": 3], default: 1)` is `by_env { production: 3, default: 1 }`.
public struct PerEnvironment<Value: WireConvertible>: Setting, Sendable {
  let branches: [(String, WireValue)]
  public var wireValue: WireValue { .byEnvironment(branches) }
}

public func byEnv<Value: WireConvertible>(_ branches: KeyValuePairs<String, Value>, default fallback: Value? = nil)
  -> PerEnvironment<Value>
{
  PerEnvironment(
    branches: branches.map { ($0.key, $0.value.wireValue) } + (fallback.map { [("default", $0.wireValue)] } ?? []))
}

/// Bytes, as Kubernetes writes them: `.mebibytes(512)`, `.gibibytes(2)`.
public struct ByteSize: Setting, Sendable {
  public typealias Value = ByteSize
  let magnitude: Int
  let unit: String
  public static func bytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "B") }
  public static func kibibytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "Ki") }
  public static func mebibytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "Mi") }
  public static func gibibytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "Gi") }
  public static func tebibytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "Ti") }
  public static func megabytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "M") }
  public static func gigabytes(_ n: Int) -> ByteSize { ByteSize(magnitude: n, unit: "G") }
  public var wireValue: WireValue { .quantity(String(magnitude), unit: unit) }
}

/// CPU in thousandths of a core: `.millicores(500)`, `.cores(2)`.
public struct CPU: Setting, Sendable {
  public typealias Value = CPU
  let millicores: Int
  public static func millicores(_ n: Int) -> CPU { CPU(millicores: n) }
  public static func cores(_ n: Int) -> CPU { CPU(millicores: n * 1000) }
  public var wireValue: WireValue { .quantity(String(millicores), unit: "m") }
}

/// A length of time: `.seconds(30)`, `.minutes(5)`.
public struct Duration: Setting, Sendable {
  public typealias Value = Duration
  let magnitude: Int
  let unit: String
  public static func milliseconds(_ n: Int) -> Duration { Duration(magnitude: n, unit: "ms") }
  public static func seconds(_ n: Int) -> Duration { Duration(magnitude: n, unit: "s") }
  public static func minutes(_ n: Int) -> Duration { Duration(magnitude: n, unit: "min") }
  public static func hours(_ n: Int) -> Duration { Duration(magnitude: n, unit: "h") }
  public var wireValue: WireValue { .quantity(String(magnitude), unit: unit) }
}

/// Unix permission bits: `FileMode(0o644)`.
public struct FileMode: WireConvertible, Sendable {
  let bits: Int
  public init(_ bits: Int) { self.bits = bits }
  public var wireValue: WireValue { .fileMode(bits) }
}

/// A TCP or UDP port; the checker keeps it within 1–65535.
public struct Port: Setting, ExpressibleByIntegerLiteral, Sendable {
  public typealias Value = Port
  let number: Int
  public init(_ number: Int) { self.number = number }
  public init(integerLiteral value: Int) { self.number = value }
  public var wireValue: WireValue { .int(number) }
}

/// `3000` (published on the same port), `.published(2222, to: 22)`, or the record form.
public struct PortMapping: WireConvertible, ExpressibleByIntegerLiteral, Sendable {
  let value: WireValue
  public init(integerLiteral value: Int) { self.value = .int(value) }
  public static func port(_ port: Port) -> PortMapping { PortMapping(value: port.wireValue) }
  public static func published(_ published: Port, to target: Port) -> PortMapping {
    PortMapping(value: .portMapping(published.wireValue, target.wireValue))
  }
  /// A published port that differs per environment: `.published(byEnv(["dev": 3002], default: 3000), to: 3000)`.
  public static func published(_ published: PerEnvironment<Port>, to target: Port) -> PortMapping {
    PortMapping(value: .portMapping(published.wireValue, target.wireValue))
  }
  public static func target(_ target: Port, published: Port? = nil, udp: Bool = false, hostIP: String? = nil)
    -> PortMapping
  {
    var entries: [(key: String, value: WireValue)] = [("target", target.wireValue)]
    if let published { entries.append(("published", published.wireValue)) }
    if udp { entries.append(("protocol", .enumCase("udp"))) }
    if let hostIP { entries.append(("host_ip", .string(hostIP))) }
    return PortMapping(value: .map(entries))
  }
  init(value: WireValue) { self.value = value }
  public var wireValue: WireValue { value }
}
