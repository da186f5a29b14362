import IaCGraph
import IaCModel

/// `iacc dump --stage graph`: per environment, the resources in dependency order, the edges, and
/// what is placed where.
public enum GraphDumper {
  public static func dump(_ deployments: [Deployment]) -> String {
    var out = ""
    for deployment in deployments {
      let graph = deployment.graph
      out += "environment \(deployment.name)\n"
      out += "  order:\n"
      for id in graph.topologicalOrder() { out += "    \(id.kind.rawValue) \(id.name)\n" }
      out += "  edges:\n"
      for edge in graph.edges {
        let kind = edge.kind == .dependsOn ? "depends on" : "->"
        out +=
          "    \(edge.from.kind.rawValue) \(edge.from.name) \(kind) \(edge.to.kind.rawValue) \(edge.to.name)  (\(edge.path))\n"
      }
      for project in deployment.composeProjects {
        let services = project.services.map(\.id.name).joined(separator: ", ")
        out += "  compose project \(project.name) on host \(project.host.id.name): \(services)\n"
      }
      for namespace in deployment.namespaces {
        let services = namespace.services.map(\.service.id.name).joined(separator: ", ")
        out += "  kubernetes namespace \(namespace.name): \(services)\n"
      }
      out += "  ansible hosts: \(deployment.hosts.map(\.id.name).joined(separator: ", "))\n"
    }
    return out
  }
}
