import IaCBasics
import IaCModel

/// A reference to something that is not in the program (possible from the Swift DSL).
public struct DanglingReferencePass: GraphPass {
  public init() {}
  public func run(_ deployment: Deployment) -> [Diagnostic] {
    deployment.graph.edges.filter { !deployment.graph.contains($0.to) }.map { edge in
      Diagnostic(
        GraphDiagnostics.danglingReference, "\(edge.from) refers to \(edge.to), which does not exist",
        at: edge.range ?? deployment.graph.resource(edge.from)?.nameRange, dataPath: edge.path)
    }
  }
}

/// `depends_on` must not go round in a circle. Each cycle is reported once, at the edge that
/// closes it, with the whole cycle in the message and a note for each other edge.
public struct DependencyCyclePass: GraphPass {
  public init() {}
  public func run(_ deployment: Deployment) -> [Diagnostic] {
    let graph = deployment.graph
    var outgoing: [ResourceID: [ResourceGraph.Edge]] = [:]
    for edge in graph.edges where edge.kind == .dependsOn && graph.contains(edge.to) {
      outgoing[edge.from, default: []].append(edge)
    }
    enum Mark { case active, done }
    var marks: [ResourceID: Mark] = [:]
    var stack: [ResourceGraph.Edge] = []
    var reported = Set<[ResourceID]>()
    var diagnostics: [Diagnostic] = []
    // Iterative depth-first search: dependency chains may be long.
    for start in outgoing.keys.sorted() where marks[start] == nil {
      var work: [(ResourceID, Int)] = [(start, 0)]
      marks[start] = .active
      while let (node, next) = work.popLast() {
        let edges = outgoing[node] ?? []
        guard next < edges.count else {
          marks[node] = .done
          if !stack.isEmpty { stack.removeLast() }
          continue
        }
        work.append((node, next + 1))
        let edge = edges[next]
        switch marks[edge.to] {
        case nil:
          marks[edge.to] = .active
          stack.append(edge)
          work.append((edge.to, 0))
        case .active:
          let cycleStart = stack.firstIndex { $0.from == edge.to } ?? stack.count
          let cycle = Array(stack[cycleStart...]) + [edge]
          let members = cycle.map(\.from)
          guard reported.insert(members.sorted()).inserted else { continue }
          let chain = (members + [edge.to]).map(\.name).joined(separator: " → ")
          diagnostics.append(
            Diagnostic(
              GraphDiagnostics.dependencyCycle, "dependency cycle\(deployment.environmentSuffix): \(chain)",
              at: edge.range ?? graph.resource(edge.from)?.nameRange,
              notes: cycle.dropLast().map {
                DiagnosticNote("`\($0.from.name)` depends on `\($0.to.name)` here", at: $0.range)
              },
              dataPath: edge.path))
        case .done:
          break
        }
      }
    }
    return diagnostics
  }
}

/// Two services publishing the same host port on one Docker host.
public struct PortClashPass: GraphPass {
  public init() {}
  public func run(_ deployment: Deployment) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let hosts = Set(deployment.composeProjects.map(\.host.id)).sorted()
    for hostID in hosts {
      guard let host = deployment.graph.resource(hostID) else { continue }
      var seen: [String: (service: Resource, range: SourceRange?)] = [:]
      var visited = Set<ResourceID>()
      for project in deployment.composeProjects(on: host.id) {
        for service in project.services where visited.insert(service.id).inserted {
          for (position, port) in (service["ports"]?.listValue ?? []).enumerated() {
            guard case .portMapping(let mapping) = port.kind, let published = mapping.published else { continue }
            let key = "\(mapping.hostIP ?? "*")/\(published.number)/\(mapping.transport.rawValue)"
            if let first = seen[key] {
              diagnostics.append(
                Diagnostic(
                  GraphDiagnostics.portClash,
                  "host port \(published) is published twice on host `\(host.id.name)`\(deployment.environmentSuffix)",
                  at: port.range ?? service.nameRange,
                  notes: [
                    DiagnosticNote(
                      "`\(first.service.id.name)` publishes it here", at: first.range ?? first.service.nameRange)
                  ],
                  help:
                    "publish one of them on another host port, such as `\(published.number + 1) -> \(mapping.target)`",
                  dataPath: DataPath([.key("services"), .key(service.id.name), .key("ports"), .index(position)])))
            } else {
              seen[key] = (service, port.range)
            }
          }
        }
      }
    }
    return diagnostics
  }
}

/// Placements that cannot work: a compose stack on a host the environment does not configure, a
/// service in two stacks of one Kubernetes namespace.
public struct PlacementPass: GraphPass {
  public init() {}
  public func run(_ deployment: Deployment) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    let configured = Set(deployment.hosts.map(\.id))
    for project in deployment.composeProjects where !configured.contains(project.host.id) {
      diagnostics.append(
        Diagnostic(
          GraphDiagnostics.hostNotConfigured,
          "stack `\(project.stack.id.name)` is placed on host `\(project.host.id.name)`, which environment `\(deployment.name)` does not configure",
          at: project.placementRange ?? project.stack.nameRange,
          help: "add `\(project.host.id.name)` to the environment's `hosts`"))
    }
    for namespace in deployment.namespaces {
      var seen: [ResourceID: Resource] = [:]
      for (service, stack) in namespace.services {
        if let first = seen[service.id], first.id != stack.id {
          diagnostics.append(
            Diagnostic(
              GraphDiagnostics.duplicatePlacement,
              "service `\(service.id.name)` is placed twice in namespace `\(namespace.name)`: by stack `\(first.id.name)` and by stack `\(stack.id.name)`",
              at: stack.range(of: "services"),
              notes: [DiagnosticNote("stack `\(first.id.name)` lists it here", at: first.range(of: "services"))]))
        }
        seen[service.id] = seen[service.id] ?? stack
      }
    }
    return diagnostics
  }
}
