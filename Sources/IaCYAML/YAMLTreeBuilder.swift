/// Builds nodes from parser events with an explicit stack (no recursion: input may nest deeply).
struct YAMLTreeBuilder {
  /// An open sequence or mapping. Its children are appended in place, where the stack holds
  /// them: a frame taken off the stack and pushed back would share its array with the copy and
  /// copy it whole on every append, which made reading a file quadratic in its length.
  struct Frame {
    var isSequence: Bool
    /// Whether it keeps its children (see `discarding`).
    var keeps = true
    var items: [YAMLNode] = []
    var pairs: [YAMLPair] = []
    var pendingKey: (String, Int)?
  }
  private var stack: [Frame] = []
  var documents: [YAMLNode] = []
  /// Whether collections opened from now on keep nothing (and documents are not kept): for a
  /// reading that wants only some collections deeper down (see `SkeletonBuilder`), which turns
  /// it off while one of those is open.
  var discarding = false

  /// The depth the next node would have: 0 for a document's root.
  var depth: Int { stack.count }

  /// The key whose value the next node is, when it is a mapping's value.
  var valueKey: String? {
    guard let top = stack.last, !top.isSequence else { return nil }
    return top.pendingKey?.0
  }

  /// Whether the next node is a mapping's key.
  var expectsKey: Bool {
    guard let top = stack.last else { return false }
    return !top.isSequence && top.pendingKey == nil
  }

  mutating func handle(_ event: YAMLEvent) {
    switch event.kind {
    case .scalar:
      add(.scalar(Self.scalar(event)), line: event.line)
    case .alias:
      add(.scalar(YAMLScalar(text: "*" + event.text, kind: .string)), line: event.line)
    case .sequenceStart:
      stack.append(Frame(isSequence: true, keeps: !discarding))
    case .mappingStart:
      stack.append(Frame(isSequence: false, keeps: !discarding))
    case .sequenceEnd, .mappingEnd:
      guard let node = close() else { return }
      add(node, line: event.line)
    case .documentStart, .documentEnd, .other:
      break
    }
  }

  /// Ends the innermost open collection and returns it, without adding it to its parent.
  mutating func close() -> YAMLNode? {
    guard let frame = stack.popLast() else { return nil }
    return frame.isSequence ? .sequence(frame.items) : .mapping(frame.pairs)
  }

  /// A scalar's kind as a YAML 1.1 reader sees it: only a plain, untagged scalar can be other
  /// than a string.
  static func scalar(_ event: YAMLEvent) -> YAMLScalar {
    let text = event.text
    let tag = event.tagText
    let kind: YAMLScalar.Kind
    if !event.isPlain || tag != nil {
      kind = .string
    } else {
      switch text {
      case "true", "false", "True", "False", "TRUE", "FALSE": kind = .bool
      case "null", "Null", "NULL", "~", "": kind = .null
      default: kind = YAML11Scalars.looksNumeric(Array(text.utf8)) ? .number : .string
      }
    }
    return YAMLScalar(text: text, kind: kind, tag: tag)
  }

  /// Adds a finished node to the open collection, or as a document when none is open.
  mutating func add(_ node: YAMLNode, line: Int) {
    guard !stack.isEmpty else {
      if !discarding { documents.append(node) }
      return
    }
    let top = stack.count - 1
    if !stack[top].keeps {
      // Only the pending key matters here (see `expectsKey`, `valueKey`).
      stack[top].pendingKey =
        stack[top].isSequence || stack[top].pendingKey != nil ? nil : (node.scalarText ?? "", 0)
      return
    }
    if stack[top].isSequence {
      stack[top].items.append(node)
    } else if let (key, keyLine) = stack[top].pendingKey {
      stack[top].pairs.append(YAMLPair(key: key, value: node, line: keyLine))
      stack[top].pendingKey = nil
    } else {
      stack[top].pendingKey = (node.scalarText ?? "", line)
    }
  }
}
