import IaCWire

/// Something a program declares: a resource of one of iacc's kinds.
public protocol Declaration: Sendable {
  var wireDeclaration: WireDeclaration { get }
}

/// The fields of a declaration being written, in schema order, omitting those not given.
struct FieldList {
  var fields: [(name: String, value: WireValue)] = []
  mutating func add(_ name: String, _ value: WireConvertible?) {
    if let value { fields.append((name, value.wireValue)) }
  }
  mutating func add(_ name: String, wire value: WireValue?) { if let value { fields.append((name, value)) } }
  mutating func list<T>(_ name: String, _ items: [T], _ convert: (T) -> WireValue) {
    if !items.isEmpty { fields.append((name, .list(items.map(convert)))) }
  }
  mutating func map<V>(_ name: String, _ pairs: KeyValuePairs<String, V>, _ convert: (V) -> WireValue) {
    if !pairs.isEmpty { fields.append((name, wireMap(pairs, convert))) }
  }
}

// MARK: - Secrets, configs, volumes, networks

/// A secret: opaque, only its name and where its value is read at deploy time. It has no textual
/// form, so it cannot be interpolated into text or passed where text is expected.
public struct Secret: Declaration, EnvironmentValue, Sendable {
  public enum Source: Sendable { case environment(String), file(String) }
  public let name: String
  let source: Source
  let note: String?
  let location: (file: String, line: Int)

  public init(
    _ name: String, from source: Source, description: String? = nil, file: String = #filePath, line: Int = #line
  ) {
    self.name = name
    self.source = source
    self.note = description
    self.location = (file, line)
  }

  public var wireValue: WireValue { .reference([name]) }

  public var wireDeclaration: WireDeclaration {
    var fields = FieldList()
    switch source {
    case .environment(let variable): fields.add("from", wire: .call("env", [("name", .string(variable))]))
    case .file(let path): fields.add("from", wire: .call("file", [("path", .string(path))]))
    }
    fields.add("description", note)
    return WireDeclaration(kind: "secret", name: name, fields: fields.fields, file: location.file, line: location.line)
  }
}

public struct Config: Declaration, Sendable {
  public let name: String
  let data: [(String, Text)]
  let note: String?
  let location: (file: String, line: Int)

  public init(
    _ name: String, data: KeyValuePairs<String, Text>, description: String? = nil, file: String = #filePath,
    line: Int = #line
  ) {
    self.name = name
    self.data = data.map { ($0.key, $0.value) }
    self.note = description
    self.location = (file, line)
  }

  /// One key of the config: text where text is expected, a `configMapKeyRef` in an env variable.
  public func key(_ key: String) -> Reference<String> { Reference([name, "data", key]) }

  public var wireDeclaration: WireDeclaration {
    var fields = FieldList()
    fields.add("data", wire: .map(data.map { ($0.0, $0.1.wireValue) }))
    fields.add("description", note)
    return WireDeclaration(kind: "config", name: name, fields: fields.fields, file: location.file, line: location.line)
  }
}

public enum AccessMode: String, Sendable {
  case readWriteOnce = "read_write_once", readOnlyMany = "read_only_many", readWriteMany = "read_write_many"
}

public struct Volume: Declaration, Sendable {
  public let name: String
  let fields: [(name: String, value: WireValue)]
  let location: (file: String, line: Int)

  public init(
    _ name: String, size: (any Setting<ByteSize>)? = nil, storageClass: String? = nil, accessMode: AccessMode? = nil,
    driver: String? = nil, labels: KeyValuePairs<String, String> = [:], file: String = #filePath, line: Int = #line
  ) {
    self.name = name
    var list = FieldList()
    list.add("size", size)
    list.add("storage_class", storageClass)
    list.add("access_mode", wire: accessMode.map { .enumCase($0.rawValue) })
    list.add("driver", driver)
    list.map("labels", labels) { .string($0) }
    self.fields = list.fields
    self.location = (file, line)
  }

  public var wireDeclaration: WireDeclaration {
    WireDeclaration(kind: "volume", name: name, fields: fields, file: location.file, line: location.line)
  }
}

public struct Network: Declaration, Sendable {
  public let name: String
  let fields: [(name: String, value: WireValue)]
  let location: (file: String, line: Int)

  public init(
    _ name: String, driver: String? = nil, subnet: String? = nil, internal: Bool? = nil,
    labels: KeyValuePairs<String, String> = [:], file: String = #filePath, line: Int = #line
  ) {
    self.name = name
    var list = FieldList()
    list.add("driver", driver)
    list.add("subnet", subnet)
    list.add("internal", `internal`)
    list.map("labels", labels) { .string($0) }
    self.fields = list.fields
    self.location = (file, line)
  }

  public var wireDeclaration: WireDeclaration {
    WireDeclaration(kind: "network", name: name, fields: fields, file: location.file, line: location.line)
  }
}
