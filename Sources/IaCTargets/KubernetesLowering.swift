import IaCBasics
import IaCGraph
import IaCModel
import IaCYAML

/// Lowers each namespace of an environment to one file per object plus a kustomization.yaml, so
/// that `kubectl apply -k <environment>/kubernetes/<namespace>` works. Secure defaults: non-root,
/// no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, read-only root
/// filesystem, no service account token, requests and limits always set.
public enum KubernetesLowering {
  /// Requests and limits used when a service sets none (the secure default: always bounded).
  static let defaultRequests = (cpu: CPU(millicores: 100), memory: ByteSize.mebibytes(128))
  static let defaultLimits = (cpu: CPU(millicores: 1000), memory: ByteSize.mebibytes(512))

  public static func lower(_ deployment: Deployment) -> [GeneratedFile] {
    var files: [GeneratedFile] = []
    for namespace in deployment.namespaces {
      let folder = "\(deployment.name)/kubernetes/\(namespace.name)"
      // Each object's file name now, its tree when the file is rendered (see GeneratedFile).
      var objects: [(fileName: String, sources: [SourceRef], documents: @Sendable () -> [YAMLNode])] = []
      func add(_ object: KubernetesObject, _ sources: [SourceRef]) {
        objects.append((object.fileName, sources, { [object.yaml()] }))
      }
      add(namespaceObject(namespace), namespace.stacks.map(\.sourceRef))
      var volumes: [ResourceID] = []
      var configs: [ResourceID] = []
      var secrets: [ResourceID] = []
      var seen = Set<ResourceID>()
      for (service, stack) in namespace.services where seen.insert(service.id).inserted {
        let workload = WorkloadBuilder(
          service: service, stack: stack, namespace: namespace.name, graph: deployment.graph)
        // The service's files share one boxed builder and one source list: a closure that captured
        // the builder itself would copy it, twice per service.
        let shared = SharedWorkload(workload)
        let sources = [service.sourceRef]
        objects.append((workload.objectFileName, sources, { [shared.builder.object().yaml()] }))
        if workload.hasServiceObject {
          objects.append(
            (
              KubernetesObject.fileName(kind: "Service", name: workload.name), sources,
              { [shared.builder.serviceObject()!.yaml()] }
            ))
        }
        if let object = workload.ingressObject() { add(object, sources) }
        // A service may use one config several times (a key per variable): keep each once.
        for id in workload.volumes where seen.insert(id).inserted { volumes.append(id) }
        for id in workload.configs where seen.insert(id).inserted { configs.append(id) }
        for id in workload.secrets where seen.insert(id).inserted { secrets.append(id) }
      }
      for id in configs {
        guard let config = deployment.graph.resource(id) else { continue }
        let name = namespace.name
        objects.append(
          (
            KubernetesObject.fileName(kind: "ConfigMap", name: config.id.name), [config.sourceRef],
            { [configMap(config, namespace: name).yaml()] }
          ))
      }
      for id in volumes {
        guard let volume = deployment.graph.resource(id) else { continue }
        add(persistentVolumeClaim(volume, namespace: namespace.name), [volume.sourceRef])
      }
      for object in objects {
        files.append(
          GeneratedFile(path: "\(folder)/\(object.fileName)", sources: object.sources, lazyDocuments: object.documents))
      }
      // The list of a namespace's files is written one name at a time, from one packed string:
      // 30,000 names held as a tree took 5 MiB at the peak of a large build, packed 0.9 MiB.
      let names = PackedStrings(objects.map(\.fileName).sorted())
      var kustomization = GeneratedFile(
        path: "\(folder)/kustomization.yaml", sources: namespace.stacks.map(\.sourceRef)
      ) {
        [
          .map([
            ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")), ("kind", .string("Kustomization")),
            ("resources", .generatedSequence(GeneratedItems(count: names.count) { .string(names[$0]) })),
          ])
        ]
      }
      kustomization.notes += requiredSecretsNote(
        secrets.compactMap(deployment.graph.resource), namespace: namespace.name)
      files.append(kustomization)
    }
    return files
  }

  /// Secrets are never written: the namespace needs them created beforehand, from where their
  /// values live. The kustomization's header says how.
  static func requiredSecretsNote(_ secrets: [Resource], namespace: String) -> [String] {
    guard !secrets.isEmpty else { return [] }
    var lines = ["", "Secrets this namespace needs (iacc never writes their values). Create them first:"]
    for secret in secrets.sorted(by: { $0.id < $1.id }) {
      guard case .variant(let kind, let fields)? = secret["from"]?.kind, let argument = fields.first?.value.stringValue
      else { continue }
      let source =
        kind == "env"
        ? "--from-literal=value=\"$\(argument)\"" : "--from-file=value=\(TargetFormats.shellQuoted(argument))"
      lines.append("  kubectl -n \(namespace) create secret generic \(secret.id.name) \(source)")
    }
    return lines
  }

  static let managedBy = ("app.kubernetes.io/managed-by", "iacc")

  static func namespaceObject(_ namespace: Deployment.Namespace) -> KubernetesObject {
    // Pod Security "restricted" fits iacc's defaults; a service that relaxes them needs "baseline".
    let relaxed = namespace.services.contains { service, _ in
      service["run_as_root"]?.kind == .bool(true)
        || (service["capabilities"]?.listValue ?? []).contains { $0.stringValue != "NET_BIND_SERVICE" }
    }
    let level = relaxed ? "baseline" : "restricted"
    return KubernetesObject(
      apiVersion: "v1", kind: "Namespace", name: namespace.name, namespace: nil,
      labels: [managedBy, ("pod-security.kubernetes.io/enforce", level)], body: [])
  }

  static func configMap(_ config: Resource, namespace: String) -> KubernetesObject {
    KubernetesObject(
      apiVersion: "v1", kind: "ConfigMap", name: config.id.name, namespace: namespace,
      labels: [("app.kubernetes.io/name", config.id.name), managedBy],
      body: [("data", .map(config.stringMap("data").map { ($0.0, .string($0.1)) }))])
  }

  static func persistentVolumeClaim(_ volume: Resource, namespace: String) -> KubernetesObject {
    let modes = [
      "read_write_once": "ReadWriteOnce", "read_only_many": "ReadOnlyMany", "read_write_many": "ReadWriteMany",
    ]
    var mode = "ReadWriteOnce"
    if case .enumCase(let name)? = volume["access_mode"]?.kind { mode = modes[name] ?? mode }
    var size = ByteSize(bytes: 1 << 30)
    if case .byteSize(let declared)? = volume["size"]?.kind { size = declared }
    var spec: [(String, YAMLNode)] = [
      ("accessModes", .sequence([.string(mode)])),
      ("resources", .map([("requests", .map([("storage", .string(size.kubernetesQuantity))]))])),
    ]
    if let storageClass = volume["storage_class"]?.stringValue {
      spec.append(("storageClassName", .string(storageClass)))
    }
    let labels = [("app.kubernetes.io/name", volume.id.name), managedBy] + volume.stringMap("labels")
    return KubernetesObject(
      apiVersion: "v1", kind: "PersistentVolumeClaim", name: volume.id.name, namespace: namespace, labels: labels,
      body: [("spec", .map(spec))])
  }
}

/// A service's workload builder, boxed once for the closures that render its files.
final class SharedWorkload: Sendable {
  let builder: WorkloadBuilder
  init(_ builder: WorkloadBuilder) { self.builder = builder }
}

/// Many strings in one buffer, each read back as a new `String`: one allocation for all of them.
struct PackedStrings: Sendable {
  private let bytes: [UInt8]
  /// Where each string ends in `bytes`.
  private let ends: [UInt32]

  init(_ strings: [String]) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(strings.reduce(0) { $0 + $1.utf8.count })
    var ends: [UInt32] = []
    ends.reserveCapacity(strings.count)
    for string in strings {
      bytes.append(contentsOf: string.utf8)
      ends.append(UInt32(bytes.count))
    }
    self.bytes = bytes
    self.ends = ends
  }

  var count: Int { ends.count }

  subscript(index: Int) -> String {
    let start = index == 0 ? 0 : Int(ends[index - 1])
    return String(decoding: bytes[start..<Int(ends[index])], as: UTF8.self)
  }
}
