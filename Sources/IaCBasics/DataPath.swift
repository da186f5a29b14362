/// Where a value sits in the model, independent of the source text: `services.gitea.ports[0]`.
/// Diagnostics carry it beside the source range, so CI and editors can name the value even
/// when it came from an import or an environment override.
public struct DataPath: Sendable, Equatable, Hashable, CustomStringConvertible {
  public enum Component: Sendable, Equatable, Hashable {
    case key(String)
    case index(Int)
  }

  public private(set) var components: [Component]

  public init(_ components: [Component] = []) { self.components = components }

  public init(_ keys: String...) { self.components = keys.map(Component.key) }

  public func appending(_ key: String) -> DataPath { DataPath(components + [.key(key)]) }
  public func appending(index: Int) -> DataPath { DataPath(components + [.index(index)]) }

  public var isEmpty: Bool { components.isEmpty }

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
