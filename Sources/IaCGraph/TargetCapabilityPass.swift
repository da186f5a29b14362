import IaCBasics
import IaCModel

/// What a target cannot express is reported where it was written: an error when dropping it would
/// change what runs (a bind mount in Kubernetes), a warning when the target merely has no use for
/// it (`ingress` in compose). Never a silently dropped field.
public struct TargetCapabilityPass: GraphPass {
  public init() {}

  public func run(_ deployment: Deployment) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for project in deployment.composeProjects {
      for service in project.services { composeFindings(service, project, deployment, into: &diagnostics) }
    }
    for namespace in deployment.namespaces {
      for (service, _) in namespace.services { kubernetesFindings(service, namespace, deployment, into: &diagnostics) }
    }
    return diagnostics
  }

  func composeFindings(
    _ service: Resource, _ project: Deployment.ComposeProject, _ deployment: Deployment,
    into diagnostics: inout [Diagnostic]
  ) {
    let target =
      "compose (stack `\(project.stack.id.name)` on `\(project.host.id.name)`\(deployment.environmentSuffix))"
    let ignored: [(String, String)] = [
      ("ingress", "publish the port and route to it with a reverse proxy, or place the stack on kubernetes"),
      ("node_selector", "compose runs on the one host the stack is placed on"),
      ("stateful", "compose keeps named volumes across restarts anyway"),
    ]
    for (field, hint) in ignored where service.isSet(field) && !isEmptyOrFalse(service[field]) {
      diagnostics.append(
        Diagnostic(
          GraphDiagnostics.ignoredByTarget, "`\(field)` of service `\(service.id.name)` has no effect in \(target)",
          at: service.range(of: field), help: hint, dataPath: service.path(field)))
    }
    if case .map(let variables)? = service["env"]?.kind {
      for variable in variables {
        guard let secret = variable.value.referenceValue, secret.kind == .secret,
          let source = deployment.graph.resource(secret)?["from"], case .variant("file", _) = source.kind
        else { continue }
        diagnostics.append(
          Diagnostic(
            GraphDiagnostics.notExpressible,
            "compose cannot set environment variable `\(variable.name)` from the file-based secret `\(secret.name)`",
            at: variable.value.range ?? service.nameRange,
            help:
              "mount it instead (`secrets = [\(secret.name)]`, read from /run/secrets/\(secret.name)), or read the secret from an environment variable: `from = env(\"…\")`",
            dataPath: service.path("env", variable.name)))
      }
    }
  }

  func kubernetesFindings(
    _ service: Resource, _ namespace: Deployment.Namespace, _ deployment: Deployment,
    into diagnostics: inout [Diagnostic]
  ) {
    let target = "Kubernetes (namespace `\(namespace.name)`\(deployment.environmentSuffix))"
    if case .map(let mounts)? = service["volumes"]?.kind {
      for mount in mounts {
        guard case .variant("bind", _) = mount.value.kind else { continue }
        diagnostics.append(
          Diagnostic(
            GraphDiagnostics.notExpressible, "\(target) cannot mount a host folder into service `\(service.id.name)`",
            at: mount.value.range ?? service.nameRange,
            help: "pods move between nodes: mount a `volume` resource instead, or place this stack with compose",
            dataPath: service.path("volumes", mount.name)))
      }
    }
    if service.isSet("networks"), service["networks"]?.listValue?.isEmpty == false {
      diagnostics.append(
        Diagnostic(
          GraphDiagnostics.ignoredByTarget, "`networks` of service `\(service.id.name)` has no effect in \(target)",
          at: service.range(of: "networks"), help: "pods share one flat network; restrict traffic with a NetworkPolicy",
          dataPath: service.path("networks")))
    }
    if service["depends_on"]?.listValue?.isEmpty == false {
      diagnostics.append(
        Diagnostic(
          GraphDiagnostics.ignoredByTarget, "`depends_on` of service `\(service.id.name)` has no effect in \(target)",
          at: service.range(of: "depends_on"),
          help:
            "Kubernetes starts pods in any order; a readiness probe (`health`) keeps traffic away until a pod is ready",
          dataPath: service.path("depends_on")))
    }
    if case .enumCase(let policy)? = service["restart"]?.kind, policy == "no" || policy == "on_failure" {
      diagnostics.append(
        Diagnostic(
          GraphDiagnostics.notExpressible,
          "\(target) cannot run service `\(service.id.name)` with restart policy `\(policy)`",
          at: service.range(of: "restart"),
          help: "a Deployment always restarts its containers; use `always` or `unless_stopped`",
          dataPath: service.path("restart")))
    }
    if let user = service["user"]?.stringValue, KubernetesUser.parse(user) == nil {
      diagnostics.append(
        Diagnostic(
          GraphDiagnostics.notExpressible,
          "\(target) needs a numeric user for service `\(service.id.name)`, found `\(user)`",
          at: service.range(of: "user"), help: "write the UID (and GID), such as `1000` or `1000:1000`",
          dataPath: service.path("user")))
    }
  }

  func isEmptyOrFalse(_ value: Value?) -> Bool {
    switch value?.kind {
    case .bool(false)?, nil: return true
    case .map(let entries)?: return entries.isEmpty
    default: return false
    }
  }
}

/// `user = "1000:1000"` as Kubernetes needs it: numeric UID and optional GID.
public enum KubernetesUser {
  public static func parse(_ text: String) -> (uid: Int, gid: Int?)? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count <= 2, let uid = Int(parts[0]), uid >= 0 else { return nil }
    if parts.count == 2 {
      guard let gid = Int(parts[1]), gid >= 0 else { return nil }
      return (uid, gid)
    }
    return (uid, nil)
  }
}

/// Secure defaults a service relaxed explicitly are reported, so that the choice stays visible.
public struct SecureDefaultsPolicyPass: GraphPass {
  public init() {}
  public func run(_ deployment: Deployment) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let deployed = Set(
      deployment.composeProjects.flatMap(\.services).map(\.id)
        + deployment.namespaces.flatMap(\.services).map(\.service.id))
    for service in deployment.model.resources(of: .service) where deployed.contains(service.id) {
      if case .bool(true)? = service["run_as_root"]?.kind {
        diagnostics.append(relaxed(service, "run_as_root", "service `\(service.id.name)` may run as root"))
      }
      if case .bool(false)? = service["read_only_root"]?.kind {
        diagnostics.append(
          relaxed(service, "read_only_root", "service `\(service.id.name)` has a writable root filesystem"))
      }
      if let added = service["capabilities"]?.listValue, !added.isEmpty {
        let names = added.compactMap(\.stringValue).joined(separator: ", ")
        diagnostics.append(relaxed(service, "capabilities", "service `\(service.id.name)` adds capabilities: \(names)"))
      }
    }
    return diagnostics
  }

  func relaxed(_ service: Resource, _ field: String, _ message: String) -> Diagnostic {
    Diagnostic(GraphDiagnostics.relaxedDefault, message, at: service.range(of: field), dataPath: service.path(field))
  }
}
