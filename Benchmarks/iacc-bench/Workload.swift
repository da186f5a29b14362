/// The workload of the peer benchmark (../shared/bench/gen.py) written in .iac: N services, each
/// a Deployment, a Service (port 80 to 8080) and a ConfigMap of three keys, with the same image,
/// replicas, env, requests, limits and probes. Environment `k8s` emits exactly those 3N documents
/// (plus a Namespace and a kustomization, and iacc's secure defaults in every pod); environment
/// `all` also places them with compose on a host, which adds the compose file and the Ansible
/// inventory and playbook that deploy it — every target at once.
enum Workload {
  static func program(services count: Int) -> String {
    var text = "host docker01 { address = \"10.25.20.14\"  groups = [\"docker_hosts\"] }\n"
    var names: [String] = []
    for index in 0..<count {
      let name = "svc-\(index)"
      names.append(name)
      text += """
        config \(name)-config {
          data = { LOG_LEVEL: "info", FEATURE_X_ENABLED: "true", SERVICE_INDEX: "\(index)" }
        }
        service \(name) {
          image     = "registry.lab.local/app-\(index):1.2.3"
          replicas  = 2
          ports     = [80 -> 8080]
          env       = { LOG_LEVEL: "info", SERVICE_NAME: "\(name)" }
          configs   = { "/etc/app": \(name)-config }
          resources = { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: 500m, memory: 512Mi } }
          health    = http("/healthz", 8080, every: 10s, start_period: 10s)
          labels    = { tier: "backend" }
        }

        """
    }
    text += "stack apps { services = [\(names.joined(separator: ", "))] }\n"
    text += "environment k8s { stacks = { apps: kubernetes(\"bench\") } }\n"
    // On one Docker host the services cannot all publish port 80: there, they only expose 8080.
    text += "environment all {\n  stacks = { apps: compose(docker01) }\n"
    for name in names { text += "  \(name).ports = [{ target: 8080 }]\n" }
    text += "}\n"
    return text
  }
}
