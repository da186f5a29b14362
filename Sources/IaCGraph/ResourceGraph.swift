import IaCBasics
import IaCModel

/// One environment's resources as a graph: nodes are resources, edges are the references between
/// them (a field naming another resource) and explicit dependencies (`depends_on`).
public struct ResourceGraph: Sendable {
  public struct Edge: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
      /// A field refers to the resource (a volume mounted, a secret passed, a stack's service).
      case reference
      /// `depends_on`: the target must start first.
      case dependsOn
    }
    public var from: ResourceID
    public var to: ResourceID
    public var kind: Kind
    /// Where the reference is, in the model and in the source (nil for values from defaults).
    public var path: DataPath
    public var range: SourceRange?
  }

  public let model: EnvironmentModel
  public let edges: [Edge]
  private let index: [ResourceID: Int]

  public init(_ model: EnvironmentModel) {
    self.model = model
    var index: [ResourceID: Int] = [:]
    for (position, resource) in model.resources.enumerated() { index[resource.id] = position }
    self.index = index
    var edges: [Edge] = []
    for resource in model.resources {
      // The fields the program sets: a schema default is a literal and never holds a reference.
      for field in resource.setFields {
        let isStacks = resource.id.kind == .environment && field.name == "stacks"
        // Most fields hold no reference: skip them before allocating a path.
        guard isStacks || Self.holdsReference(field.value) else { continue }
        let path = DataPath(resource.id.kind.pluralName, resource.id.name, field.name)
        let kind: Edge.Kind = resource.id.kind == .service && field.name == "depends_on" ? .dependsOn : .reference
        Self.collectReferences(field.value, path: path) { target, path, range in
          edges.append(Edge(from: resource.id, to: target, kind: kind, path: path, range: range))
        }
        // Map keys may be references too (an environment's `stacks`).
        if case .map(let entries) = field.value.kind, isStacks {
          for entry in entries {
            edges.append(
              Edge(
                from: resource.id, to: ResourceID(kind: .stack, name: entry.name), kind: .reference,
                path: path.appending(entry.name), range: entry.nameRange))
          }
        }
      }
    }
    self.edges = edges
  }

  private init(model: EnvironmentModel, edges: [Edge], index: [ResourceID: Int]) {
    self.model = model
    self.edges = edges
    self.index = index
  }

  /// The same resources without the edges, for the targets: they look resources up and never
  /// follow an edge. Lowered files hold their graph until they are rendered, and a large build's
  /// edges (each with a data path and a range: 4 MiB at 10,000 services) need not be held with it
  /// once the graph's checks have run.
  public var withoutEdges: ResourceGraph { ResourceGraph(model: model, edges: [], index: index) }

  static func holdsReference(_ value: Value) -> Bool {
    switch value.kind {
    case .reference, .configEntry: return true
    case .list(let items): return items.contains { holdsReference($0) }
    case .map(let entries), .record(let entries), .variant(_, let entries):
      return entries.contains { holdsReference($0.value) }
    default: return false
    }
  }

  static func collectReferences(_ value: Value, path: DataPath, _ visit: (ResourceID, DataPath, SourceRange?) -> Void) {
    switch value.kind {
    case .reference(let id): visit(id, path, value.range)
    case .configEntry(let id, _, _): visit(id, path, value.range)
    case .list(let items):
      for (position, item) in items.enumerated() {
        collectReferences(item, path: path.appending(index: position), visit)
      }
    case .map(let entries), .record(let entries), .variant(_, let entries):
      for entry in entries { collectReferences(entry.value, path: path.appending(entry.name), visit) }
    default: break
    }
  }

  public func resource(_ id: ResourceID) -> Resource? { index[id].map { model.resources[$0] } }
  public func contains(_ id: ResourceID) -> Bool { index[id] != nil }

  public func edges(from id: ResourceID) -> [Edge] { edges.filter { $0.from == id } }

  /// Resources in dependency order: everything a resource refers to comes before it. Ties are
  /// broken by kind and name, so the order is the same on every run. Edges that close a cycle are
  /// ignored here (the cycle pass reports them).
  public func topologicalOrder() -> [ResourceID] {
    var remaining: [ResourceID: Set<ResourceID>] = [:]
    var dependents: [ResourceID: [ResourceID]] = [:]
    for resource in model.resources { remaining[resource.id] = [] }
    for edge in edges where contains(edge.to) && edge.from != edge.to {
      remaining[edge.from, default: []].insert(edge.to)
      dependents[edge.to, default: []].append(edge.from)
    }
    var ready = remaining.filter { $0.value.isEmpty }.map(\.key).sorted()
    var order: [ResourceID] = []
    var placed = Set<ResourceID>()
    while order.count < remaining.count {
      if ready.isEmpty {
        // A cycle: release the smallest unplaced resource to keep going deterministically.
        guard let next = remaining.keys.filter({ !placed.contains($0) }).min() else { break }
        ready = [next]
      }
      let next = ready.removeFirst()
      guard placed.insert(next).inserted else { continue }
      order.append(next)
      for dependent in dependents[next, default: []] where !placed.contains(dependent) {
        remaining[dependent]?.remove(next)
        if remaining[dependent]?.isEmpty == true {
          let position = ready.firstIndex { $0 > dependent } ?? ready.endIndex
          ready.insert(dependent, at: position)
        }
      }
    }
    return order
  }
}
