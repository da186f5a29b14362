import IaCBasics
import IaCGraph
import IaCModel
import IaCYAML

/// Builds the objects of one service in Kubernetes: its Deployment (or StatefulSet), Service and
/// Ingress, and notes the volumes, configs and secrets they use.
struct WorkloadBuilder: Sendable {
  let service: Resource
  let stack: Resource
  let namespace: String
  let graph: ResourceGraph

  var name: String { service.id.name }

  var selectorLabels: [(String, String)] {
    [("app.kubernetes.io/name", name), ("app.kubernetes.io/part-of", stack.id.name)]
  }

  var labels: [(String, String)] {
    selectorLabels + [KubernetesLowering.managedBy]
      + service.stringMap("labels").filter { key, _ in
        !selectorLabels.contains { $0.0 == key } && key != KubernetesLowering.managedBy.0
      }
  }

  var ports: [PortMapping] {
    (service["ports"]?.listValue ?? []).compactMap {
      if case .portMapping(let mapping) = $0.kind { return mapping } else { return nil }
    }
  }

  static func portName(_ port: PortMapping) -> String { "\(port.transport.rawValue)-\(port.target.number)" }

  var volumes: [ResourceID] {
    guard case .map(let mounts)? = service["volumes"]?.kind else { return [] }
    return mounts.compactMap { $0.value.referenceValue }
  }

  var configs: [ResourceID] {
    var result: [ResourceID] = []
    if case .map(let mounts)? = service["configs"]?.kind { result += mounts.compactMap { $0.value.referenceValue } }
    if case .map(let variables)? = service["env"]?.kind {
      for variable in variables { if case .configEntry(let id, _, _) = variable.value.kind { result.append(id) } }
    }
    return result
  }

  var secrets: [ResourceID] {
    var result = service.references("secrets")
    if case .map(let variables)? = service["env"]?.kind {
      result += variables.compactMap { $0.value.referenceValue }.filter { $0.kind == .secret }
    }
    return result
  }

  var isStateful: Bool { service["stateful"]?.kind == .bool(true) }

  var objectKind: String { isStateful ? "StatefulSet" : "Deployment" }
  var objectFileName: String { KubernetesObject.fileName(kind: objectKind, name: name) }

  func object() -> KubernetesObject {
    var spec: [(String, YAMLNode)] = []
    if case .int(let replicas)? = service["replicas"]?.kind { spec.append(("replicas", .int(replicas))) }
    if isStateful { spec.append(("serviceName", .string(name))) }
    spec.append(("selector", .map([("matchLabels", .map(selectorLabels.map { ($0.0, .string($0.1)) }))])))
    spec.append(
      (
        "template",
        .map([
          ("metadata", .map([("labels", .map(labels.map { ($0.0, .string($0.1)) }))])),
          ("spec", podSpec()),
        ])
      ))
    return KubernetesObject(
      apiVersion: "apps/v1", kind: objectKind, name: name, namespace: namespace,
      labels: labels, body: [("spec", .map(spec))])
  }

  func podSpec() -> YAMLNode {
    var pod: [(String, YAMLNode)] = [("automountServiceAccountToken", .bool(false))]
    var security: [(String, YAMLNode)] = []
    if service["run_as_root"]?.kind != .bool(true) { security.append(("runAsNonRoot", .bool(true))) }
    if let user = service["user"]?.stringValue, let parsed = KubernetesUser.parse(user) {
      security.append(("runAsUser", .int(parsed.uid)))
      if let gid = parsed.gid {
        security.append(("runAsGroup", .int(gid)))
        security.append(("fsGroup", .int(gid)))
      }
    }
    security.append(("seccompProfile", .map([("type", .string("RuntimeDefault"))])))
    pod.append(("securityContext", .map(security)))
    let selector = service.stringMap("node_selector")
    if !selector.isEmpty { pod.append(("nodeSelector", .map(selector.map { ($0.0, .string($0.1)) }))) }
    pod.append(("containers", .sequence([container()])))
    let volumes = podVolumes()
    if !volumes.isEmpty { pod.append(("volumes", .sequence(volumes.map(\.volume)))) }
    return .map(pod)
  }

  func container() -> YAMLNode {
    var fields: [(String, YAMLNode)] = [
      ("name", .string(name)), ("image", .string(service.imageReference)), ("imagePullPolicy", .string("IfNotPresent")),
    ]
    // Kubernetes `command` replaces the entrypoint, `args` the command.
    if let entrypoint = service["entrypoint"]?.listValue {
      fields.append(("command", .sequence(entrypoint.compactMap(\.stringValue).map { .string($0) })))
    }
    if let command = service["command"]?.listValue {
      fields.append(("args", .sequence(command.compactMap(\.stringValue).map { .string($0) })))
    }
    if let directory = service["working_dir"]?.stringValue { fields.append(("workingDir", .string(directory))) }
    let environment = environmentVariables()
    if !environment.isEmpty { fields.append(("env", .sequence(environment))) }
    if !ports.isEmpty {
      fields.append(
        (
          "ports",
          .sequence(
            ports.map { port in
              .map([
                ("name", .string(Self.portName(port))), ("containerPort", .int(port.target.number)),
                ("protocol", .string(port.transport.rawValue.uppercased())),
              ])
            })
        ))
    }
    fields.append(("resources", resources()))
    if let probe = probe() {
      fields.append(("livenessProbe", probe))
      fields.append(("readinessProbe", probe))
    }
    var security: [(String, YAMLNode)] = [
      ("allowPrivilegeEscalation", .bool(false)),
      ("readOnlyRootFilesystem", .bool(service["read_only_root"]?.kind != .bool(false))),
    ]
    var capabilities: [(String, YAMLNode)] = [("drop", .sequence([.string("ALL")]))]
    let added = service.strings("capabilities")
    if !added.isEmpty { capabilities.append(("add", .sequence(added.map { .string($0) }))) }
    security.append(("capabilities", .map(capabilities)))
    fields.append(("securityContext", .map(security)))
    let mounts = podVolumes().flatMap(\.mounts)
    if !mounts.isEmpty { fields.append(("volumeMounts", .sequence(mounts))) }
    return .map(fields)
  }

  func environmentVariables() -> [YAMLNode] {
    guard case .map(let variables)? = service["env"]?.kind else { return [] }
    return variables.compactMap { variable in
      switch variable.value.kind {
      case .reference(let id) where id.kind == .secret:
        return .map([
          ("name", .string(variable.name)),
          ("valueFrom", .map([("secretKeyRef", .map([("name", .string(id.name)), ("key", .string("value"))]))])),
        ])
      case .configEntry(let id, let key, _):
        return .map([
          ("name", .string(variable.name)),
          ("valueFrom", .map([("configMapKeyRef", .map([("name", .string(id.name)), ("key", .string(key))]))])),
        ])
      case .string(let text):
        return .map([("name", .string(variable.name)), ("value", .string(text))])
      default:
        return nil
      }
    }
  }

  /// Requests and limits are always both set: a side the service leaves out takes the other
  /// side's value, and a service with neither gets iacc's defaults.
  func resources() -> YAMLNode {
    let value = service["resources"]
    func amounts(_ side: String) -> (cpu: CPU?, memory: ByteSize?, gpu: Int?) {
      var result: (cpu: CPU?, memory: ByteSize?, gpu: Int?) = (nil, nil, nil)
      if case .cpu(let cpu)? = value?[side]?["cpu"]?.kind { result.cpu = cpu }
      if case .byteSize(let memory)? = value?[side]?["memory"]?.kind { result.memory = memory }
      if case .int(let gpu)? = value?[side]?["gpu"]?.kind { result.gpu = gpu }
      return result
    }
    let limits = amounts("limits")
    let requests = amounts("requests")
    let gpu = (limits.gpu ?? requests.gpu).flatMap { $0 > 0 ? $0 : nil }
    func node(cpu: CPU, memory: ByteSize) -> YAMLNode {
      var fields: [(String, YAMLNode)] = [
        ("cpu", .string(cpu.description)), ("memory", .string(memory.kubernetesQuantity)),
      ]
      if let gpu { fields.append(("nvidia.com/gpu", .int(gpu))) }
      return .map(fields)
    }
    return .map([
      (
        "requests",
        node(
          cpu: requests.cpu ?? limits.cpu ?? KubernetesLowering.defaultRequests.cpu,
          memory: requests.memory ?? limits.memory ?? KubernetesLowering.defaultRequests.memory)
      ),
      (
        "limits",
        node(
          cpu: limits.cpu ?? requests.cpu ?? KubernetesLowering.defaultLimits.cpu,
          memory: limits.memory ?? requests.memory ?? KubernetesLowering.defaultLimits.memory)
      ),
    ])
  }

  func probe() -> YAMLNode? {
    guard let health = service["health"], case .variant(let kind, _) = health.kind else { return nil }
    func seconds(_ field: String, minimum: Int64) -> Int {
      guard case .duration(let duration)? = health[field]?.kind else { return Int(minimum) }
      return Int(max(minimum, duration.wholeSeconds))
    }
    var fields: [(String, YAMLNode)]
    switch kind {
    case "http":
      var path = health["path"]?.stringValue ?? "/"
      if !path.hasPrefix("/") { path = "/" + path }
      fields = [
        ("httpGet", .map([("path", .string(path)), ("port", .int(Int(health["port"]?.description ?? "80") ?? 80))]))
      ]
    case "tcp":
      fields = [("tcpSocket", .map([("port", .int(Int(health["port"]?.description ?? "80") ?? 80))]))]
    default:
      fields = [
        (
          "exec",
          .map([("command", .sequence((health["run"]?.listValue ?? []).compactMap(\.stringValue).map { .string($0) }))])
        )
      ]
    }
    var failureThreshold = 3
    if case .int(let retries)? = health["retries"]?.kind { failureThreshold = retries }
    fields += [
      ("initialDelaySeconds", .int(seconds("start_period", minimum: 0))),
      ("periodSeconds", .int(seconds("every", minimum: 1))),
      ("timeoutSeconds", .int(seconds("timeout", minimum: 1))), ("failureThreshold", .int(failureThreshold)),
    ]
    return .map(fields)
  }

  /// Pod volumes with the container mounts that use them, in a stable order.
  func podVolumes() -> [(volume: YAMLNode, mounts: [YAMLNode])] {
    var result: [(volume: YAMLNode, mounts: [YAMLNode])] = []
    func mount(_ volumeName: String, _ path: String, readOnly: Bool = false, subPath: String? = nil) -> YAMLNode {
      var fields: [(String, YAMLNode)] = [("name", .string(volumeName)), ("mountPath", .string(path))]
      if let subPath { fields.append(("subPath", .string(subPath))) }
      if readOnly { fields.append(("readOnly", .bool(true))) }
      return .map(fields)
    }
    if case .map(let mounts)? = service["volumes"]?.kind {
      for (position, entry) in mounts.enumerated() {
        let volumeName = "volume-\(position)"
        switch entry.value.kind {
        case .reference(let id):
          result.append(
            (
              .map([("name", .string(volumeName)), ("persistentVolumeClaim", .map([("claimName", .string(id.name))]))]),
              [mount(volumeName, entry.name)]
            ))
        case .variant("tmpfs", let fields):
          var emptyDir: [(String, YAMLNode)] = [("medium", .string("Memory"))]
          if case .byteSize(let size)? = fields.first(where: { $0.name == "size" })?.value.kind {
            emptyDir.append(("sizeLimit", .string(size.kubernetesQuantity)))
          }
          result.append(
            (.map([("name", .string(volumeName)), ("emptyDir", .map(emptyDir))]), [mount(volumeName, entry.name)]))
        default:
          continue  // bind mounts are reported by TargetCapabilityPass
        }
      }
    }
    if case .map(let mounts)? = service["configs"]?.kind {
      for (position, entry) in mounts.enumerated() {
        guard let id = entry.value.referenceValue else { continue }
        let volumeName = "config-\(position)"
        result.append(
          (
            .map([("name", .string(volumeName)), ("configMap", .map([("name", .string(id.name))]))]),
            [mount(volumeName, entry.name, readOnly: true)]
          ))
      }
    }
    for (position, id) in service.references("secrets").enumerated() {
      let volumeName = "secret-\(position)"
      result.append(
        (
          .map([("name", .string(volumeName)), ("secret", .map([("secretName", .string(id.name))]))]),
          [mount(volumeName, "/run/secrets/\(id.name)", readOnly: true, subPath: "value")]
        ))
    }
    return result
  }

  /// A Service exists for a workload that publishes ports.
  var hasServiceObject: Bool { !ports.isEmpty }

  func serviceObject() -> KubernetesObject? {
    guard hasServiceObject else { return nil }
    return KubernetesObject(
      apiVersion: "v1", kind: "Service", name: name, namespace: namespace, labels: labels,
      body: [
        (
          "spec",
          .map([
            ("type", .string("ClusterIP")),
            ("selector", .map(selectorLabels.map { ($0.0, .string($0.1)) })),
            (
              "ports",
              .sequence(
                ports.map { port in
                  .map([
                    ("name", .string(Self.portName(port))), ("port", .int((port.published ?? port.target).number)),
                    ("targetPort", .string(Self.portName(port))),
                    ("protocol", .string(port.transport.rawValue.uppercased())),
                  ])
                })
            ),
          ])
        )
      ])
  }

  func ingressObject() -> KubernetesObject? {
    guard let ingress = service["ingress"], let host = ingress["host"]?.stringValue else { return nil }
    var target = ports.first
    if case .port(let wanted)? = ingress["port"]?.kind { target = ports.first { $0.target == wanted } ?? target }
    guard let port = target else { return nil }  // reported by TargetCapabilityPass
    let path = ingress["path"]?.stringValue ?? "/"
    var spec: [(String, YAMLNode)] = [
      (
        "rules",
        .sequence([
          .map([
            ("host", .string(host)),
            (
              "http",
              .map([
                (
                  "paths",
                  .sequence([
                    .map([
                      ("path", .string(path)), ("pathType", .string("Prefix")),
                      (
                        "backend",
                        .map([
                          (
                            "service",
                            .map([
                              ("name", .string(name)),
                              ("port", .map([("number", .int((port.published ?? port.target).number))])),
                            ])
                          )
                        ])
                      ),
                    ])
                  ])
                )
              ])
            ),
          ])
        ])
      )
    ]
    if let secret = ingress["tls_secret"]?.stringValue {
      spec.append(("tls", .sequence([.map([("hosts", .sequence([.string(host)])), ("secretName", .string(secret))])])))
    }
    return KubernetesObject(
      apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: name, namespace: namespace, labels: labels,
      body: [("spec", .map(spec))])
  }
}
