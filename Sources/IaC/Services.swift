import IaCWire

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a container path is mounted from. A `Volume` is one; a `Secret` is not, so the compiler
/// refuses a secret where a volume is required.
public protocol MountSource: WireConvertible {}

extension Volume: MountSource {
  public var wireValue: WireValue { .reference([name]) }
}

public struct Mount: MountSource, Sendable {
  let value: WireValue
  /// A host folder (compose only).
  public static func bind(_ source: String, readOnly: Bool = false) -> Mount {
    Mount(value: .call("bind", [("source", .string(source))] + (readOnly ? [("read_only", .bool(true))] : [])))
  }
  /// A memory-backed scratch folder.
  public static func tmpfs(size: ByteSize? = nil) -> Mount {
    Mount(value: .call("tmpfs", size.map { [("size", $0.wireValue)] } ?? []))
  }
  public var wireValue: WireValue { value }
}

public struct HealthCheck: WireConvertible, Sendable {
  let value: WireValue
  static func timing(_ every: Duration?, _ timeout: Duration?, _ retries: Int?, _ startPeriod: Duration?) -> [(
    label: String, value: WireValue
  )] {
    var arguments: [(label: String, value: WireValue)] = []
    if let every { arguments.append(("every", every.wireValue)) }
    if let timeout { arguments.append(("timeout", timeout.wireValue)) }
    if let retries { arguments.append(("retries", .int(retries))) }
    if let startPeriod { arguments.append(("start_period", startPeriod.wireValue)) }
    return arguments
  }
  public static func http(
    _ path: String, port: Port, every: Duration? = nil, timeout: Duration? = nil, retries: Int? = nil,
    startPeriod: Duration? = nil
  ) -> HealthCheck {
    HealthCheck(
      value: .call(
        "http", [("path", .string(path)), ("port", port.wireValue)] + timing(every, timeout, retries, startPeriod)))
  }
  public static func tcp(
    _ port: Port, every: Duration? = nil, timeout: Duration? = nil, retries: Int? = nil, startPeriod: Duration? = nil
  )
    -> HealthCheck
  {
    HealthCheck(value: .call("tcp", [("port", port.wireValue)] + timing(every, timeout, retries, startPeriod)))
  }
  public static func command(
    _ run: [String], every: Duration? = nil, timeout: Duration? = nil, retries: Int? = nil, startPeriod: Duration? = nil
  ) -> HealthCheck {
    HealthCheck(value: .call("command", [("run", run.wireValue)] + timing(every, timeout, retries, startPeriod)))
  }
  public var wireValue: WireValue { value }
}

/// CPU, memory and GPUs.
public struct Amounts: WireConvertible, Sendable {
  let fields: [(key: String, value: WireValue)]
  public init(cpu: (any Setting<CPU>)? = nil, memory: (any Setting<ByteSize>)? = nil, gpu: (any Setting<Int>)? = nil) {
    var list: [(key: String, value: WireValue)] = []
    if let cpu { list.append(("cpu", cpu.wireValue)) }
    if let memory { list.append(("memory", memory.wireValue)) }
    if let gpu { list.append(("gpu", gpu.wireValue)) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

public struct Resources: WireConvertible, Sendable {
  let fields: [(key: String, value: WireValue)]
  public init(limits: Amounts? = nil, requests: Amounts? = nil) {
    var list: [(key: String, value: WireValue)] = []
    if let limits { list.append(("limits", limits.wireValue)) }
    if let requests { list.append(("requests", requests.wireValue)) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

public struct Ingress: WireConvertible, Sendable {
  let fields: [(key: String, value: WireValue)]
  public init(host: Text, path: String? = nil, port: Port? = nil, tlsSecret: String? = nil) {
    var list: [(key: String, value: WireValue)] = [("host", host.wireValue)]
    if let path { list.append(("path", .string(path))) }
    if let port { list.append(("port", port.wireValue)) }
    if let tlsSecret { list.append(("tls_secret", .string(tlsSecret))) }
    fields = list
  }
  public var wireValue: WireValue { .map(fields) }
}

public enum RestartPolicy: String, Sendable {
  case no, always, onFailure = "on_failure", unlessStopped = "unless_stopped"
}

/// A containerised service.
public struct Service: Declaration, Sendable {
  public let name: String
  let fields: [(name: String, value: WireValue)]
  let location: (file: String, line: Int)

  public init(
    _ name: String, image: Text, command: [String]? = nil, entrypoint: [String]? = nil,
    env: KeyValuePairs<String, any EnvironmentValue> = [:], ports: [PortMapping] = [],
    volumes: KeyValuePairs<String, any MountSource> = [:], configs: KeyValuePairs<String, Config> = [:],
    secrets: [Secret] = [], health: HealthCheck? = nil, resources: Resources? = nil,
    replicas: (any Setting<Int>)? = nil,
    restart: RestartPolicy? = nil, labels: KeyValuePairs<String, String> = [:], dependsOn: [Service] = [],
    user: String? = nil,
    networks: [Network] = [], ingress: Ingress? = nil, stateful: Bool? = nil, readOnlyRoot: Bool? = nil,
    runAsRoot: Bool? = nil, capabilities: [String] = [], nodeSelector: KeyValuePairs<String, String> = [:],
    workingDir: String? = nil, description: String? = nil, file: String = #filePath, line: Int = #line
  ) {
    self.name = name
    var list = FieldList()
    list.add("image", image)
    list.add("command", command)
    list.add("entrypoint", entrypoint)
    list.map("env", env) { $0.wireValue }
    list.list("ports", ports) { $0.wireValue }
    list.map("volumes", volumes) { $0.wireValue }
    list.map("configs", configs) { .reference([$0.name]) }
    list.list("secrets", secrets) { $0.wireValue }
    list.add("health", health)
    list.add("resources", resources)
    list.add("replicas", replicas)
    list.add("restart", wire: restart.map { .enumCase($0.rawValue) })
    list.map("labels", labels) { .string($0) }
    list.list("depends_on", dependsOn) { .reference([$0.name]) }
    list.add("user", user)
    list.list("networks", networks) { .reference([$0.name]) }
    list.add("ingress", ingress)
    list.add("stateful", stateful)
    list.add("read_only_root", readOnlyRoot)
    list.add("run_as_root", runAsRoot)
    list.list("capabilities", capabilities) { .string($0) }
    list.map("node_selector", nodeSelector) { .string($0) }
    list.add("working_dir", workingDir)
    list.add("description", description)
    self.fields = list.fields
    self.location = (file, line)
  }

  public var image: Reference<String> { Reference([name, "image"]) }

  public var wireDeclaration: WireDeclaration {
    WireDeclaration(kind: "service", name: name, fields: fields, file: location.file, line: location.line)
  }
}

/// Services deployed together.
public struct Stack: Declaration, Sendable {
  public let name: String
  let fields: [(name: String, value: WireValue)]
  let location: (file: String, line: Int)

  public init(
    _ name: String, services: [Service], description: String? = nil, file: String = #filePath, line: Int = #line
  ) {
    self.name = name
    var list = FieldList()
    list.list("services", services) { .reference([$0.name]) }
    list.add("description", description)
    self.fields = list.fields
    self.location = (file, line)
  }

  public var wireDeclaration: WireDeclaration {
    WireDeclaration(kind: "stack", name: name, fields: fields, file: location.file, line: location.line)
  }
}

/// Where a stack runs in an environment.
public struct Placement: Sendable {
  let value: WireValue
  public static func compose(_ host: Host, project: String? = nil) -> Placement {
    Placement(
      value: .call("compose", [("host", .reference([host.name]))] + (project.map { [("project", .string($0))] } ?? [])))
  }
  public static func kubernetes(namespace: String, context: String? = nil) -> Placement {
    Placement(
      value: .call(
        "kubernetes", [("namespace", .string(namespace))] + (context.map { [("context", .string($0))] } ?? [])))
  }
}

/// `resource.field… = value` for one environment.
public struct Override: Sendable {
  let path: [String]
  let value: WireValue
  public init(_ resource: some Declaration, _ field: String, _ subfields: String..., to value: some WireConvertible) {
    self.path = [resource.wireDeclaration.name, field] + subfields
    self.value = value.wireValue
  }
}

public struct Environment: Declaration, Sendable {
  public let name: String
  let fields: [(name: String, value: WireValue)]
  let overrides: [Override]
  let location: (file: String, line: Int)

  public init(
    _ name: String, stacks: KeyValuePairs<String, Placement> = [:], hosts: [Host]? = nil, description: String? = nil,
    overrides: [Override] = [], file: String = #filePath, line: Int = #line
  ) {
    self.name = name
    var list = FieldList()
    list.add("description", description)
    list.map("stacks", stacks) { $0.value }
    list.add("hosts", wire: hosts.map { .list($0.map { .reference([$0.name]) }) })
    self.fields = list.fields
    self.overrides = overrides
    self.location = (file, line)
  }

  public var wireDeclaration: WireDeclaration {
    WireDeclaration(
      kind: "environment", name: name, fields: fields, overrides: overrides.map { ($0.path, $0.value) },
      file: location.file,
      line: location.line)
  }
}

/// A whole program: `Infrastructure { host; service; … }`.
public struct Infrastructure: Sendable {
  public let declarations: [any Declaration]
  public init(@InfrastructureBuilder _ content: () -> [any Declaration]) {
    declarations = content()
    registerForManifestOutput()
  }
  public var wire: WireProgram { WireProgram(declarations: declarations.map(\.wireDeclaration)) }
}

@resultBuilder
public enum InfrastructureBuilder {
  public static func buildExpression(_ declaration: any Declaration) -> [any Declaration] { [declaration] }
  public static func buildExpression(_ declarations: [any Declaration]) -> [any Declaration] { declarations }
  public static func buildBlock(_ parts: [any Declaration]...) -> [any Declaration] { parts.flatMap { $0 } }
  public static func buildArray(_ parts: [[any Declaration]]) -> [any Declaration] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [any Declaration]?) -> [any Declaration] { part ?? [] }
  public static func buildEither(first: [any Declaration]) -> [any Declaration] { first }
  public static func buildEither(second: [any Declaration]) -> [any Declaration] { second }
}

// MARK: - Manifests

/// Run as an `*.iac.swift` manifest, the program's declarations go to the file descriptor named by
/// `IACC_WIRE_FD` when the manifest exits, the way SwiftPM reads `Package.swift`: whatever the
/// manifest prints on standard output cannot corrupt the model.
nonisolated(unsafe) private var declaredInfrastructures: [Infrastructure] = []
nonisolated(unsafe) private var emitterInstalled = false

extension Infrastructure {
  func registerForManifestOutput() {
    guard getenv("IACC_WIRE_FD") != nil else { return }
    declaredInfrastructures.append(self)
    if !emitterInstalled {
      emitterInstalled = true
      atexit {
        guard let text = getenv("IACC_WIRE_FD"), let descriptor = Int32(String(cString: text)) else { return }
        let program = WireProgram(declarations: declaredInfrastructures.flatMap { $0.wire.declarations })
        var bytes = Array(program.serialized().utf8)
        var offset = 0
        while offset < bytes.count {
          let written = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
          if written <= 0 { break }
          offset += written
        }
        close(descriptor)
      }
    }
  }
}
