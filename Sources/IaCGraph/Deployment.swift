import IaCBasics
import IaCModel

/// What one environment deploys where: the projection of the graph that the targets lower.
/// Compose projects on hosts, Kubernetes namespaces, and the hosts Ansible configures.
public struct Deployment: Sendable {
  public struct ComposeProject: Sendable {
    public var stack: Resource
    public var host: Resource
    /// The compose project name (the stack's name unless the placement says otherwise).
    public var name: String
    public var services: [Resource]
    /// Where the placement was written, for diagnostics.
    public var placementRange: SourceRange?
  }

  public struct Namespace: Sendable {
    public var name: String
    public var stacks: [Resource]
    /// Each service with the stack that placed it here.
    public var services: [(service: Resource, stack: Resource)]
    public var placementRanges: [SourceRange]
  }

  /// The environment's name; `default` for a program that declares none.
  public var name: String
  public var graph: ResourceGraph
  public var composeProjects: [ComposeProject]
  public var namespaces: [Namespace]
  /// Hosts configured by Ansible: the environment's `hosts`, or every host when it lists none.
  public var hosts: [Resource]

  public var model: EnvironmentModel { graph.model }

  public init(_ graph: ResourceGraph) {
    self.graph = graph
    let model = graph.model
    self.name = model.name ?? "default"
    let environment = model.environment
    var projects: [ComposeProject] = []
    var namespaces: [String: Namespace] = [:]
    if case .map(let placements)? = environment?["stacks"]?.kind {
      for placement in placements {
        guard let stack = graph.resource(ResourceID(kind: .stack, name: placement.name)) else { continue }
        let services = (stack["services"]?.listValue ?? []).compactMap { $0.referenceValue.flatMap(graph.resource) }
        guard case .variant(let target, _) = placement.value.kind else { continue }
        switch target {
        case "compose":
          guard let hostID = placement.value["host"]?.referenceValue, let host = graph.resource(hostID) else {
            continue
          }
          let name = placement.value["project"]?.stringValue ?? stack.id.name
          projects.append(
            ComposeProject(
              stack: stack, host: host, name: name, services: services, placementRange: placement.value.range))
        case "kubernetes":
          guard let namespace = placement.value["namespace"]?.stringValue else { continue }
          var entry = namespaces[namespace] ?? Namespace(name: namespace, stacks: [], services: [], placementRanges: [])
          entry.stacks.append(stack)
          entry.services += services.map { ($0, stack) }
          if let range = placement.value.range { entry.placementRanges.append(range) }
          namespaces[namespace] = entry
        default: continue
        }
      }
    }
    self.composeProjects = projects.sorted { ($0.host.id.name, $0.name) < ($1.host.id.name, $1.name) }
    self.namespaces = namespaces.values.sorted { $0.name < $1.name }
    if let listed = environment?["hosts"]?.listValue {
      self.hosts = listed.compactMap { $0.referenceValue.flatMap(graph.resource) }.sorted { $0.id < $1.id }
    } else {
      self.hosts = model.resources(of: .host)
    }
  }

  /// Every compose project that runs on a host.
  public func composeProjects(on host: ResourceID) -> [ComposeProject] { composeProjects.filter { $0.host.id == host } }
}
