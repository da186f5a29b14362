import IaCModel
import IaCYAML

/// A compose-spec file as typed values, built from the graph and rendered to YAML last. Field
/// order follows the compose specification's documentation.
struct ComposeFile {
  var name: String
  /// How many services the project has, and each one, lowered when it is written.
  var serviceCount: Int
  var service: @Sendable (Int) -> ComposeService
  var volumes: [(name: String, driver: String?, labels: [(String, String)])]
  var networks: [(name: String, driver: String?, internal: Bool, subnet: String?, labels: [(String, String)])]
  var secrets: [(name: String, source: ComposeSecretSource)]
  /// How many top-level configs, and each one's name and content, made when it is written.
  var configCount: Int
  var config: @Sendable (Int) -> (name: String, content: String)

  func yaml() -> YAMLNode {
    var root: [(String, YAMLNode)] = [("name", .string(name))]
    // One service's tree at a time, made as the file is written (see YAMLNode.generatedMapping).
    let service = service
    root.append(
      (
        "services",
        .generatedMapping(
          GeneratedPairs(count: serviceCount) { index in
            let lowered = service(index)
            return YAMLPair(key: lowered.name, value: lowered.yaml())
          })
      ))
    // The top-level sections too: a project of 10,000 services has 10,000 configs, a tree of
    // 5 MiB when made at once.
    if !volumes.isEmpty {
      root.append(
        (
          "volumes",
          Self.generated(volumes) { volume in
            var fields: [(String, YAMLNode)] = []
            if let driver = volume.driver { fields.append(("driver", .string(driver))) }
            if !volume.labels.isEmpty { fields.append(("labels", .map(volume.labels.map { ($0.0, .string($0.1)) }))) }
            return YAMLPair(key: volume.name, value: .map(fields))
          }
        ))
    }
    if !networks.isEmpty {
      root.append(
        (
          "networks",
          Self.generated(networks) { network in
            var fields: [(String, YAMLNode)] = []
            if let driver = network.driver { fields.append(("driver", .string(driver))) }
            if network.internal { fields.append(("internal", .bool(true))) }
            if let subnet = network.subnet {
              fields.append(("ipam", .map([("config", .sequence([.map([("subnet", .string(subnet))])]))])))
            }
            if !network.labels.isEmpty {
              fields.append(("labels", .map(network.labels.map { ($0.0, .string($0.1)) })))
            }
            return YAMLPair(key: network.name, value: .map(fields))
          }
        ))
    }
    if !secrets.isEmpty {
      root.append(
        (
          "secrets",
          Self.generated(secrets) { secret in
            switch secret.source {
            case .environment(let variable):
              return YAMLPair(key: secret.name, value: .map([("environment", .string(variable))]))
            case .file(let path): return YAMLPair(key: secret.name, value: .map([("file", .string(path))]))
            }
          }
        ))
    }
    if configCount > 0 {
      let config = config
      root.append(
        (
          "configs",
          .generatedMapping(
            GeneratedPairs(count: configCount) { index in
              let (name, content) = config(index)
              return YAMLPair(key: name, value: .map([("content", .string(content))]))
            })
        ))
    }
    return .map(root)
  }

  /// A mapping of one pair per item, each made as it is written.
  static func generated<Item: Sendable>(_ items: [Item], _ pair: @escaping @Sendable (Item) -> YAMLPair) -> YAMLNode {
    .generatedMapping(GeneratedPairs(count: items.count) { pair(items[$0]) })
  }
}

enum ComposeSecretSource {
  case environment(String)
  case file(String)
}

struct ComposeService {
  struct Mount {
    var type: String
    var source: String?
    var target: String
    var readOnly: Bool
    var tmpfsSize: Int64?
  }
  struct Healthcheck {
    var test: [String]
    var interval: String
    var timeout: String
    var retries: Int
    var startPeriod: String
  }
  struct Resources {
    var cpus: String?
    var memory: String?
    var gpus: Int?
  }

  var name: String
  var image: String
  var command: [String]?
  var entrypoint: [String]?
  var environment: [(String, String)] = []
  var ports: [PortMapping] = []
  var volumes: [Mount] = []
  var configs: [(source: String, target: String)] = []
  var secrets: [String] = []
  var healthcheck: Healthcheck?
  var replicas: Int = 1
  var limits = Resources()
  var reservations = Resources()
  var restart: String = "unless-stopped"
  var labels: [(String, String)] = []
  var user: String?
  var dependsOn: [(name: String, condition: String)] = []
  var networks: [String] = []
  var workingDir: String?
  var readOnly = true
  var capAdd: [String] = []

  func yaml() -> YAMLNode {
    var fields: [(String, YAMLNode)] = [("image", .string(image))]
    if let command { fields.append(("command", .sequence(command.map { .string($0) }))) }
    if let entrypoint { fields.append(("entrypoint", .sequence(entrypoint.map { .string($0) }))) }
    if !environment.isEmpty { fields.append(("environment", .map(environment.map { ($0.0, .string($0.1)) }))) }
    if !ports.isEmpty {
      fields.append(
        (
          "ports",
          .sequence(
            ports.map { port in
              var entry: [(String, YAMLNode)] = [("target", .int(port.target.number))]
              if let published = port.published { entry.append(("published", .int(published.number))) }
              if let hostIP = port.hostIP { entry.append(("host_ip", .string(hostIP))) }
              entry.append(("protocol", .string(port.transport.rawValue)))
              return .map(entry)
            })
        ))
    }
    if !volumes.isEmpty {
      fields.append(
        (
          "volumes",
          .sequence(
            volumes.map { mount in
              var entry: [(String, YAMLNode)] = [("type", .string(mount.type))]
              if let source = mount.source { entry.append(("source", .string(source))) }
              entry.append(("target", .string(mount.target)))
              if mount.readOnly { entry.append(("read_only", .bool(true))) }
              if let size = mount.tmpfsSize { entry.append(("tmpfs", .map([("size", .int64(size))]))) }
              return .map(entry)
            })
        ))
    }
    if !configs.isEmpty {
      fields.append(
        ("configs", .sequence(configs.map { .map([("source", .string($0.source)), ("target", .string($0.target))]) })))
    }
    if !secrets.isEmpty { fields.append(("secrets", .sequence(secrets.map { .string($0) }))) }
    if let healthcheck {
      fields.append(
        (
          "healthcheck",
          .map([
            ("test", .sequence(healthcheck.test.map { .string($0) })), ("interval", .string(healthcheck.interval)),
            ("timeout", .string(healthcheck.timeout)), ("retries", .int(healthcheck.retries)),
            ("start_period", .string(healthcheck.startPeriod)),
          ])
        ))
    }
    var deploy: [(String, YAMLNode)] = [("replicas", .int(replicas))]
    var resources: [(String, YAMLNode)] = []
    if let limitsNode = Self.resourcesNode(limits, devices: false) { resources.append(("limits", limitsNode)) }
    if let reservationsNode = Self.resourcesNode(reservations, devices: true) {
      resources.append(("reservations", reservationsNode))
    }
    if !resources.isEmpty { deploy.append(("resources", .map(resources))) }
    fields.append(("deploy", .map(deploy)))
    fields.append(("restart", .string(restart)))
    if !labels.isEmpty { fields.append(("labels", .map(labels.map { ($0.0, .string($0.1)) }))) }
    if let user { fields.append(("user", .string(user))) }
    if !dependsOn.isEmpty {
      fields.append(("depends_on", .map(dependsOn.map { ($0.name, .map([("condition", .string($0.condition))])) })))
    }
    if !networks.isEmpty { fields.append(("networks", .sequence(networks.map { .string($0) }))) }
    if let workingDir { fields.append(("working_dir", .string(workingDir))) }
    fields.append(("read_only", .bool(readOnly)))
    fields.append(("cap_drop", .sequence([.string("ALL")])))
    if !capAdd.isEmpty { fields.append(("cap_add", .sequence(capAdd.map { .string($0) }))) }
    fields.append(("security_opt", .sequence([.string("no-new-privileges:true")])))
    return .map(fields)
  }

  static func resourcesNode(_ resources: Resources, devices: Bool) -> YAMLNode? {
    var fields: [(String, YAMLNode)] = []
    if let cpus = resources.cpus { fields.append(("cpus", .string(cpus))) }
    if let memory = resources.memory { fields.append(("memory", .string(memory))) }
    if devices, let gpus = resources.gpus {
      fields.append(
        (
          "devices",
          .sequence([
            .map([
              ("driver", .string("nvidia")), ("count", .int(gpus)), ("capabilities", .sequence([.string("gpu")])),
            ])
          ])
        ))
    }
    return fields.isEmpty ? nil : .map(fields)
  }
}
