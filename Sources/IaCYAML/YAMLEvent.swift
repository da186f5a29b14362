/// Where a YAML stream comes from: bytes in memory, or a file read as it is parsed (a large file
/// need not be held whole).
public enum YAMLInput: Sendable {
  case bytes([UInt8])
  case file(String)
  /// An open file, read from its start; the caller keeps it open while it is read.
  case descriptor(Int32)
}

/// One event of libyaml's parser, lent to the code that builds from it: its bytes live until the
/// stream is asked for its next event (`YAMLEventStream.next`).
struct YAMLEvent {
  enum Kind {
    case scalar, alias, sequenceStart, mappingStart, sequenceEnd, mappingEnd
    /// Document boundaries: no node, but a stream of two documents is not one of one.
    case documentStart, documentEnd
    /// The stream's start: no node.
    case other
  }

  var kind: Kind
  /// A scalar's text or an alias's anchor.
  var value: UnsafeRawBufferPointer
  /// A scalar's explicit tag.
  var tag: UnsafeRawBufferPointer?
  /// A scalar written plain (no quotes, no block style).
  var isPlain: Bool
  /// 1-based line where the event starts.
  var line: Int

  var text: String { String(decoding: value, as: UTF8.self) }
  var tagText: String? { tag.map { String(decoding: $0, as: UTF8.self) } }
}

extension YAMLEvent {
  /// Whether two events make the same node: their kind, a scalar's text, tag and whether it is
  /// plain (from which the tree infers its kind), an alias's anchor; wherever they are.
  func sameContent(as other: YAMLEvent) -> Bool {
    guard kind == other.kind, isPlain == other.isPlain, (tag == nil) == (other.tag == nil) else { return false }
    if let tag, let otherTag = other.tag, !tag.elementsEqual(otherTag) { return false }
    return value.elementsEqual(other.value)
  }
}
