import IaCBasics
import IaCGraph
import IaCModel
import IaCYAML

/// Lowers each compose project of an environment to a compose-spec file:
/// `<environment>/compose/<project>.compose.yaml`. No `version:` key (the compose spec dropped it).
public enum ComposeLowering {
  public static func lower(_ deployment: Deployment) -> [GeneratedFile] {
    deployment.composeProjects.map { project in
      var sources = [project.stack.sourceRef] + project.services.map(\.sourceRef)
      if let environment = deployment.model.environment { sources.append(environment.sourceRef) }
      // Built when rendered: a project of a thousand services is a large tree (see GeneratedFile).
      return GeneratedFile(path: path(deployment, project), sources: sources) {
        [composeFile(project, deployment).yaml()]
      }
    }
  }

  /// Where a project's file goes; Ansible copies it from there to the host.
  public static func path(_ deployment: Deployment, _ project: Deployment.ComposeProject) -> String {
    "\(deployment.name)/compose/\(project.name).compose.yaml"
  }

  /// Compose interpolates `$VAR` in every string of the file: a user's `$` is written `$$`.
  static func literal(_ text: String) -> String {
    text.contains("$") ? text.split(separator: "$", omittingEmptySubsequences: false).joined(separator: "$$") : text
  }

  static func composeFile(_ project: Deployment.ComposeProject, _ deployment: Deployment) -> ComposeFile {
    let graph = deployment.graph
    let inProject = Set(project.services.map(\.id))
    // The top level lists what the services use, in the order they first use it: found by lowering
    // every service once and keeping only that. Each service is lowered again when it is written
    // (one at a time, see YAMLNode.generatedMapping), so a project of thousands of services is
    // never held whole as typed values (15 MiB at 10,000 services).
    var needs = ProjectNeeds(collecting: true)
    for service in project.services { _ = composeService(service, inProject: inProject, graph: graph, needs: &needs) }
    let services = project.services
    return ComposeFile(
      name: project.name,
      serviceCount: services.count,
      service: { index in
        var ignored = ProjectNeeds(collecting: false)
        return composeService(services[index], inProject: inProject, graph: graph, needs: &ignored)
      },
      volumes: needs.volumes.compactMap(graph.resource).map { volume in
        (
          volume.id.name, volume["driver"]?.stringValue.map(literal),
          volume.stringMap("labels").map { ($0.0, literal($0.1)) }
        )
      },
      networks: needs.networks.compactMap(graph.resource).map { network in
        (
          network.id.name, network["driver"]?.stringValue.map(literal), network["internal"]?.kind == .bool(true),
          network["subnet"]?.stringValue.map(literal), network.stringMap("labels").map { ($0.0, literal($0.1)) }
        )
      },
      secrets: needs.secrets.compactMap(graph.resource).compactMap { secret in
        guard case .variant(let kind, let fields)? = secret["from"]?.kind else { return nil }
        let argument = fields.first?.value.stringValue ?? ""
        return (secret.id.name, kind == "env" ? .environment(argument) : .file(literal(argument)))
      },
      configCount: needs.configs.count,
      config: { [configs = needs.configs] index in
        let (id, key) = configs[index]
        guard case .map(let entries)? = graph.resource(id)?["data"]?.kind, entries.indices.contains(key) else {
          return ("", "")  // unreachable: the pair was read from this graph
        }
        return (configName(id, entries[key]), literal(entries[key].value.stringValue ?? ""))
      })
  }

  /// The top-level volumes, networks, secrets and configs a project's services use, each once, in
  /// the order of first use. `collecting: false` records nothing (a service lowered to be written).
  struct ProjectNeeds {
    enum Kind { case volume, network, secret, config }
    let collecting: Bool
    /// The names seen, one set per kind, not as new key strings (`config:` + name was 2 MiB at
    /// 30,000 configs).
    private var seen: [Kind: Set<String>] = [:]
    var volumes: [ResourceID] = []
    var networks: [ResourceID] = []
    var secrets: [ResourceID] = []
    /// Each compose config as the config resource and the position of its key in `data`: its name
    /// and content are made again when written (30,000 of them held 3 MiB while the file was).
    var configs: [(config: ResourceID, key: Int)] = []

    init(collecting: Bool) { self.collecting = collecting }

    /// Whether `name` is used here for the first time as a `kind` (always false when not
    /// collecting).
    mutating func firstTime(_ kind: Kind, _ name: String) -> Bool {
      collecting && seen[kind, default: []].insert(name).inserted
    }
  }

  /// One service of a project, as compose writes it; what it uses goes into `needs`.
  static func composeService(
    _ service: Resource, inProject: Set<ResourceID>, graph: ResourceGraph, needs: inout ProjectNeeds
  ) -> ComposeService {
    var compose = ComposeService(name: service.id.name, image: literal(service.imageReference))
    if let command = service["command"]?.listValue {
      compose.command = command.compactMap(\.stringValue).map(literal)
    }
    if let entrypoint = service["entrypoint"]?.listValue {
      compose.entrypoint = entrypoint.compactMap(\.stringValue).map(literal)
    }
    var environmentSecrets: [String] = []
    if case .map(let variables)? = service["env"]?.kind {
      for variable in variables {
        switch variable.value.kind {
        case .reference(let id) where id.kind == .secret:
          guard case .variant("env", let fields)? = graph.resource(id)?["from"]?.kind,
            let name = fields.first(where: { $0.name == "name" })?.value.stringValue
          else { continue }  // a file secret here is reported by TargetCapabilityPass
          // Compose reads the value from the deploying process's environment; `:?` makes a
          // missing variable an error instead of an empty password.
          compose.environment.append((variable.name, "${\(name):?secret \(id.name) needs \(name) to be set}"))
          environmentSecrets.append(id.name)
          if needs.firstTime(.secret, id.name) { needs.secrets.append(id) }
        case .string(let text), .configEntry(_, _, let text):
          compose.environment.append((variable.name, literal(text)))
        default:
          continue
        }
      }
    }
    compose.ports = (service["ports"]?.listValue ?? []).compactMap {
      if case .portMapping(let mapping) = $0.kind { return mapping } else { return nil }
    }
    if case .map(let mounts)? = service["volumes"]?.kind {
      for mount in mounts {
        switch mount.value.kind {
        case .reference(let id):
          compose.volumes.append(.init(type: "volume", source: id.name, target: literal(mount.name), readOnly: false))
          if needs.firstTime(.volume, id.name) { needs.volumes.append(id) }
        case .variant("bind", let fields):
          let source = fields.first { $0.name == "source" }?.value.stringValue ?? ""
          let readOnly = fields.first { $0.name == "read_only" }?.value.kind == .bool(true)
          compose.volumes.append(
            .init(type: "bind", source: literal(source), target: literal(mount.name), readOnly: readOnly))
        case .variant("tmpfs", let fields):
          var size: Int64?
          if case .byteSize(let bytes)? = fields.first(where: { $0.name == "size" })?.value.kind {
            size = bytes.bytes
          }
          compose.volumes.append(
            .init(type: "tmpfs", source: nil, target: literal(mount.name), readOnly: false, tmpfsSize: size))
        default:
          continue
        }
      }
    }
    if case .map(let mounts)? = service["configs"]?.kind {
      for mount in mounts {
        guard let id = mount.value.referenceValue, case .map(let entries)? = graph.resource(id)?["data"]?.kind else {
          continue
        }
        // A config is a folder of files; compose configs are single files, one per key.
        for (key, entry) in entries.enumerated() {
          let name = configName(id, entry)
          compose.configs.append((name, literal(mount.name + "/" + entry.name)))
          if needs.firstTime(.config, name) { needs.configs.append((id, key)) }
        }
      }
    }
    for id in service.references("secrets") {
      compose.secrets.append(id.name)
      if needs.firstTime(.secret, id.name) { needs.secrets.append(id) }
    }
    // Secrets passed as environment variables are mounted too, for images that read `*_FILE`.
    for name in environmentSecrets where !compose.secrets.contains(name) { compose.secrets.append(name) }
    compose.healthcheck = healthcheck(service["health"])
    if case .int(let replicas)? = service["replicas"]?.kind { compose.replicas = replicas }
    compose.limits = resources(service["resources"]?["limits"])
    compose.reservations = resources(service["resources"]?["requests"])
    if compose.reservations.gpus == nil { compose.reservations.gpus = compose.limits.gpus }
    compose.limits.gpus = nil
    if case .enumCase(let policy)? = service["restart"]?.kind {
      compose.restart = TargetFormats.composeRestart(policy)
    }
    compose.labels = service.stringMap("labels").map { ($0.0, literal($0.1)) }
    compose.user = service["user"]?.stringValue.map(literal)
    for dependency in service.references("depends_on") where inProject.contains(dependency) {
      let healthy = graph.resource(dependency)?["health"] != nil
      compose.dependsOn.append((dependency.name, healthy ? "service_healthy" : "service_started"))
    }
    for id in service.references("networks") {
      compose.networks.append(id.name)
      if needs.firstTime(.network, id.name) { needs.networks.append(id) }
    }
    compose.workingDir = service["working_dir"]?.stringValue.map(literal)
    compose.readOnly = service["read_only_root"]?.kind != .bool(false)
    compose.capAdd = service.strings("capabilities").map(literal)
    return compose
  }

  /// The compose config of one key of a config resource: one file.
  static func configName(_ config: ResourceID, _ entry: NamedValue) -> String {
    "\(config.name)-\(sanitize(entry.name))"
  }

  /// Compose object names: letters, digits, `.`, `_`, `-`.
  static func sanitize(_ text: String) -> String {
    String(
      text.unicodeScalars.map { scalar in
        let ok =
          (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
          || (scalar.value >= 0x61 && scalar.value <= 0x7A) || "._-".unicodeScalars.contains(scalar)
        return ok ? Character(scalar) : "-"
      })
  }

  static func resources(_ value: Value?) -> ComposeService.Resources {
    var result = ComposeService.Resources()
    if case .cpu(let cpu)? = value?["cpu"]?.kind { result.cpus = cpu.decimalCores }
    if case .byteSize(let size)? = value?["memory"]?.kind { result.memory = TargetFormats.composeMemory(size) }
    if case .int(let gpus)? = value?["gpu"]?.kind, gpus > 0 { result.gpus = gpus }
    return result
  }

  /// HTTP and TCP checks run inside the container, so they use tools most images carry
  /// (curl or wget; nc); `command(…)` runs exactly what it says.
  static func healthcheck(_ value: Value?) -> ComposeService.Healthcheck? {
    guard case .variant(let kind, _)? = value?.kind, let value else { return nil }
    func duration(_ field: String) -> String {
      if case .duration(let duration)? = value[field]?.kind { return TargetFormats.goDuration(duration) }
      return "0s"
    }
    var retries = 3
    if case .int(let n)? = value["retries"]?.kind { retries = n }
    let test: [String]
    switch kind {
    case "http":
      let port = value["port"]?.description ?? "80"
      var path = value["path"]?.stringValue ?? "/"
      if !path.hasPrefix("/") { path = "/" + path }
      let url = TargetFormats.shellQuoted("http://127.0.0.1:\(port)\(path)")
      test = ["CMD-SHELL", literal("curl -fsS -o /dev/null \(url) || wget -q -O /dev/null \(url) || exit 1")]
    case "tcp":
      test = ["CMD-SHELL", "nc -z 127.0.0.1 \(value["port"]?.description ?? "80") || exit 1"]
    default:
      test = ["CMD"] + (value["run"]?.listValue ?? []).compactMap(\.stringValue).map(literal)
    }
    return .init(
      test: test, interval: duration("every"), timeout: duration("timeout"), retries: retries,
      startPeriod: duration("start_period"))
  }
}

extension Resource {
  /// The service's image as written (`registry/name:tag@digest`).
  var imageReference: String {
    if case .image(let image)? = self["image"]?.kind { return image.description }
    return ""
  }
}
