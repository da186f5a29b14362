import IaCGraph
import IaCJSON
import IaCModel

/// `iacc graph`: the resource graph as Graphviz DOT or JSON.
public enum GraphRenderer {
  static let shapes: [ResourceKind: String] = [
    .host: "box3d", .service: "box", .volume: "cylinder", .secret: "octagon", .config: "note", .network: "hexagon",
    .stack: "folder", .environment: "tab",
  ]

  public static func dot(_ deployments: [Deployment]) -> String {
    var out =
      "digraph iacc {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n"
    for deployment in deployments {
      let prefix = deployment.name
      out += "  subgraph \"cluster_\(prefix)\" {\n    label=\"environment \(prefix)\";\n"
      for resource in deployment.model.resources {
        let id = quote("\(prefix)/\(resource.id.kind.rawValue)/\(resource.id.name)")
        out +=
          "    \(id) [label=\(quote("\(resource.id.kind.rawValue)\n\(resource.id.name)")), shape=\(shapes[resource.id.kind] ?? "box")];\n"
      }
      for edge in deployment.graph.edges {
        let from = quote("\(prefix)/\(edge.from.kind.rawValue)/\(edge.from.name)")
        let to = quote("\(prefix)/\(edge.to.kind.rawValue)/\(edge.to.name)")
        let style = edge.kind == .dependsOn ? " [style=bold, label=\"depends on\"]" : ""
        out += "    \(from) -> \(to)\(style);\n"
      }
      out += "  }\n"
    }
    return out + "}\n"
  }

  public static func json(_ deployments: [Deployment]) -> JSONValue {
    .object([
      "version": 1,
      "environments": .array(
        deployments.map { deployment in
          .object([
            "name": .string(deployment.name),
            "nodes": .array(
              deployment.graph.topologicalOrder().map {
                .object(["kind": .string($0.kind.rawValue), "name": .string($0.name)])
              }),
            "edges": .array(
              deployment.graph.edges.map { edge in
                .object([
                  "from": .string("\(edge.from.kind.rawValue)/\(edge.from.name)"),
                  "to": .string("\(edge.to.kind.rawValue)/\(edge.to.name)"),
                  "kind": .string(edge.kind == .dependsOn ? "depends_on" : "reference"),
                  "path": .string(edge.path.description),
                ])
              }),
          ])
        }),
    ])
  }

  static func quote(_ text: String) -> String {
    "\"" + text.replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"").replacingOccurrences("\n", "\\n")
      + "\""
  }
}

extension String {
  fileprivate func replacingOccurrences(_ target: Character, _ replacement: String) -> String {
    var result = ""
    for character in self { if character == target { result += replacement } else { result.append(character) } }
    return result
  }
}
