/// Where a value sits in the model, independent of the source text: `services.gitea.ports[0]`.
/// Diagnostics carry it beside the source range, so CI and editors can name the value even
/// when it came from an import or an environment override.
public struct DataPath: Sendable, Equatable, Hashable, CustomStringConvertible {
  public enum Component: Sendable, Equatable, Hashable {
    case key(String)
    case index(Int)
  }

  /// A persistent list, newest component last: appending allocates one node and shares the rest.
  /// The checker extends a path for every field it visits and reads one only to report an error.
  final class Node: Sendable {
    let parent: Node?
    let component: Component
    init(parent: Node?, component: Component) {
      self.parent = parent
      self.component = component
    }
  }

  let last: Node?

  init(last: Node?) { self.last = last }

  public init(_ components: [Component] = []) {
    var node: Node?
    for component in components { node = Node(parent: node, component: component) }
    self.last = node
  }

  public init(_ keys: String...) { self.init(keys.map(Component.key)) }

  public var components: [Component] {
    var result: [Component] = []
    var node = last
    while let current = node {
      result.append(current.component)
      node = current.parent
    }
    return result.reversed()
  }

  public func appending(_ key: String) -> DataPath { DataPath(last: Node(parent: last, component: .key(key))) }
  public func appending(index: Int) -> DataPath { DataPath(last: Node(parent: last, component: .index(index))) }
  public func appending(_ component: Component) -> DataPath { DataPath(last: Node(parent: last, component: component)) }

  public var isEmpty: Bool { last == nil }

  public static func == (lhs: DataPath, rhs: DataPath) -> Bool { lhs.components == rhs.components }
  public func hash(into hasher: inout Hasher) { hasher.combine(components) }

  public var description: String {
    var text = ""
    for component in components {
      switch component {
      case .key(let key):
        if !text.isEmpty { text += "." }
        text += Self.isPlainKey(key) ? key : "\"\(key)\""
      case .index(let index): text += "[\(index)]"
      }
    }
    return text
  }

  /// Keys that are not identifiers (paths like `/data`, dotted env names) are quoted so the path
  /// stays unambiguous.
  private static func isPlainKey(_ key: String) -> Bool {
    !key.isEmpty
      && key.utf8.allSatisfy { byte in
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
          || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
      }
  }
}
