/// An ordered YAML document tree. Generators build these; only the emitter turns them into bytes,
/// so no YAML is ever built as text.
public indirect enum YAMLNode: Sendable, Equatable {
  case scalar(YAMLScalar)
  case sequence([YAMLNode])
  /// Keys in insertion order: the order reaches the file.
  case mapping([YAMLPair])
  /// A mapping whose pairs are made one at a time while it is written: a compose project of
  /// thousands of services need not exist as one tree. Only generators make it; read back, it is
  /// an ordinary `mapping`.
  case generatedMapping(GeneratedPairs)
  /// The same for a sequence: a kustomization listing 30,000 files need not hold 30,000 nodes.
  case generatedSequence(GeneratedItems)

  /// A string value: quoted exactly when a YAML 1.1 reader would take its plain form as something
  /// else (`yes`, `on`, `012`, `12:30`, `~`…); literal block style when it spans lines.
  public static func string(_ text: String, tag: String? = nil) -> YAMLNode {
    .scalar(YAMLScalar(text: text, kind: .string, tag: tag))
  }
  public static func int(_ value: Int) -> YAMLNode { .scalar(YAMLScalar(text: String(value), kind: .number)) }
  public static func int64(_ value: Int64) -> YAMLNode { .scalar(YAMLScalar(text: String(value), kind: .number)) }
  public static func bool(_ value: Bool) -> YAMLNode {
    .scalar(YAMLScalar(text: value ? "true" : "false", kind: .bool))
  }
  public static let null = YAMLNode.scalar(YAMLScalar(text: "null", kind: .null))

  /// A mapping from ordered key/value pairs.
  public static func map(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
    .mapping(pairs.map { YAMLPair(key: $0.0, value: $0.1) })
  }

  public subscript(key: String) -> YAMLNode? {
    switch self {
    case .mapping(let pairs): return pairs.first { $0.key == key }?.value
    case .generatedMapping(let generated): return generated.pairs.first { $0.key == key }?.value
    case .scalar, .sequence, .generatedSequence: return nil
    }
  }

  /// The same node with every generated mapping made into an ordinary one (for comparisons).
  public var materialized: YAMLNode {
    switch self {
    case .scalar: return self
    case .sequence(let items): return .sequence(items.map(\.materialized))
    case .mapping(let pairs):
      return .mapping(pairs.map { YAMLPair(key: $0.key, value: $0.value.materialized, line: $0.line) })
    case .generatedMapping(let generated): return YAMLNode.mapping(generated.pairs).materialized
    case .generatedSequence(let generated): return YAMLNode.sequence(generated.items).materialized
    }
  }

  public var scalarText: String? { if case .scalar(let scalar) = self { return scalar.text } else { return nil } }
}

/// `count` elements, each made by `make(index)` when asked for; `make` must give the same element
/// every time. Equal when their elements are.
public struct Generated<Element: Sendable & Equatable>: Sendable, Equatable {
  public let count: Int
  public let make: @Sendable (Int) -> Element

  public init(count: Int, make: @escaping @Sendable (Int) -> Element) {
    self.count = count
    self.make = make
  }

  public var elements: [Element] { (0..<count).map(make) }

  public static func == (lhs: Generated, rhs: Generated) -> Bool { lhs.elements == rhs.elements }
}

/// The pairs of a `generatedMapping`.
public typealias GeneratedPairs = Generated<YAMLPair>
/// The items of a `generatedSequence`.
public typealias GeneratedItems = Generated<YAMLNode>

extension Generated where Element == YAMLPair {
  public var pairs: [YAMLPair] { elements }
}

extension Generated where Element == YAMLNode {
  public var items: [YAMLNode] { elements }
}

public struct YAMLPair: Sendable, Equatable {
  public var key: String
  public var value: YAMLNode
  /// The line as 32 bits, 0 for none: a pair is then 32 bytes, not 40 (a large compose file read
  /// back for a diff is a million pairs).
  private var storedLine: UInt32

  public init(key: String, value: YAMLNode, line: Int? = nil) {
    self.key = key
    self.value = value
    self.storedLine = line.map { UInt32(clamping: max($0, 0)) } ?? 0
  }

  /// 1-based line of the key, when the node was read from a file.
  public var line: Int? {
    get { storedLine == 0 ? nil : Int(storedLine) }
    set { storedLine = newValue.map { UInt32(clamping: max($0, 0)) } ?? 0 }
  }

  public static func == (lhs: YAMLPair, rhs: YAMLPair) -> Bool { lhs.key == rhs.key && lhs.value == rhs.value }
}

/// A scalar and what it means: the kind decides how it is written.
public struct YAMLScalar: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// Text: emitted so that it reads back as the same string.
    case string
    /// An integer or float, emitted plain.
    case number
    case bool
    case null
  }

  public var text: String
  /// The kind and the tag in one word: a scalar is then 24 bytes, and its node a 48-byte
  /// allocation rather than 64 (a large file read back for a diff is a million scalars). Tags
  /// are rare (Ansible's `!unsafe`), so a tagged scalar boxes its kind with its tag.
  private var form: Form

  private enum Form: Sendable {
    case plain(Kind)
    case tagged(Tagged)
  }

  private final class Tagged: Sendable {
    let kind: Kind
    let tag: String
    init(kind: Kind, tag: String) {
      self.kind = kind
      self.tag = tag
    }
  }

  public init(text: String, kind: Kind, tag: String? = nil) {
    self.text = text
    self.form = Self.form(kind, tag)
  }

  private static func form(_ kind: Kind, _ tag: String?) -> Form {
    tag.map { .tagged(Tagged(kind: kind, tag: $0)) } ?? .plain(kind)
  }

  public var kind: Kind {
    get {
      switch form {
      case .plain(let kind): return kind
      case .tagged(let tagged): return tagged.kind
      }
    }
    set { form = Self.form(newValue, tag) }
  }

  /// An explicit tag such as `!unsafe` (Ansible: never template this value).
  public var tag: String? {
    get {
      if case .tagged(let tagged) = form { return tagged.tag }
      return nil
    }
    set { form = Self.form(kind, newValue) }
  }

  public static func == (lhs: YAMLScalar, rhs: YAMLScalar) -> Bool {
    lhs.text == rhs.text && lhs.kind == rhs.kind && lhs.tag == rhs.tag
  }
}

/// One YAML file's content: a header comment and one or more documents.
public struct YAMLFile: Sendable, Equatable {
  /// Lines of the leading comment, without `# ` (the emitter adds it).
  public var header: [String]
  public var documents: [YAMLNode]

  public init(header: [String] = [], documents: [YAMLNode]) {
    self.header = header
    self.documents = documents
  }
}
