import IaCWire

/// A file Ansible keeps on a host.
public struct HostFile: WireConvertible, Sendable {
  let fields: [(key: String, value: WireValue)]
  public init(
    content: Text, owner: String? = nil, group: String? = nil, mode: FileMode? = nil, restarts: [String] = []
  ) {
    var list: [(key: String, value: WireValue)] = [("content", content.wireValue)]
    if let owner { list.append(("owner", .string(owner))) }
    if let group { list.append(("group", .string(group))) }
    if let mode { list.append(("mode", mode.wireValue)) }
    if !restarts.isEmpty { list.append(("restarts", restarts.wireValue)) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

/// A block of lines Ansible keeps inside a file other tools also write.
public struct HostBlock: WireConvertible, Sendable {
  let fields: [(key: String, value: WireValue)]
  public init(content: Text, marker: String? = nil, mode: FileMode? = nil, restarts: [String] = []) {
    var list: [(key: String, value: WireValue)] = [("content", content.wireValue)]
    if let marker { list.append(("marker", .string(marker))) }
    if let mode { list.append(("mode", mode.wireValue)) }
    if !restarts.isEmpty { list.append(("restarts", restarts.wireValue)) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

public struct SystemService: WireConvertible, Sendable {
  public enum State: String, Sendable { case started, stopped }
  let fields: [(key: String, value: WireValue)]
  public init(enabled: Bool? = nil, state: State? = nil) {
    var list: [(key: String, value: WireValue)] = []
    if let enabled { list.append(("enabled", .bool(enabled))) }
    if let state { list.append(("state", .enumCase(state.rawValue))) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

public struct HostUser: WireConvertible, Sendable {
  let fields: [(key: String, value: WireValue)]
  public init(groups: [String] = [], shell: String? = nil, sshKeys: [String] = [], system: Bool? = nil) {
    var list: [(key: String, value: WireValue)] = []
    if !groups.isEmpty { list.append(("groups", groups.wireValue)) }
    if let shell { list.append(("shell", .string(shell))) }
    if !sshKeys.isEmpty { list.append(("ssh_keys", sshKeys.wireValue)) }
    if let system { list.append(("system", .bool(system))) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

/// A host variable: text, numbers, booleans, lists and maps of them — never a secret.
public protocol HostVariable: WireConvertible {}
extension String: HostVariable {}
extension Int: HostVariable {}
extension Bool: HostVariable {}
extension Array: HostVariable where Element: HostVariable {}

/// A machine configured by Ansible.
public struct Host: Declaration, Sendable {
  public let name: String
  let fields: [(name: String, value: WireValue)]
  let location: (file: String, line: Int)

  public init(
    _ name: String, address: some Setting<String>, groups: [String] = [], sshUser: String? = nil,
    packages: [String] = [],
    files: KeyValuePairs<String, HostFile> = [:], blocks: KeyValuePairs<String, HostBlock> = [:],
    services: KeyValuePairs<String, SystemService> = [:], users: KeyValuePairs<String, HostUser> = [:],
    vars: KeyValuePairs<String, any HostVariable> = [:], description: String? = nil, file: String = #filePath,
    line: Int = #line
  ) {
    self.name = name
    var list = FieldList()
    list.add("address", address)
    list.list("groups", groups) { .string($0) }
    list.add("ssh_user", sshUser)
    list.list("packages", packages) { .string($0) }
    list.map("files", files) { $0.wireValue }
    list.map("blocks", blocks) { $0.wireValue }
    list.map("services", services) { $0.wireValue }
    list.map("users", users) { $0.wireValue }
    list.map("vars", vars) { $0.wireValue }
    list.add("description", description)
    self.fields = list.fields
    self.location = (file, line)
  }

  public var address: Reference<String> { Reference([name, "address"]) }

  public var wireDeclaration: WireDeclaration {
    WireDeclaration(kind: "host", name: name, fields: fields, file: location.file, line: location.line)
  }
}
