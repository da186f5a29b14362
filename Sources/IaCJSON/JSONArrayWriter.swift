/// Writes `{ head…, "key": [ element, … ] }` in jansson's pretty layout (two spaces a level), one
/// element at a time and in pieces of about `pieceSize` bytes, so a large document (a build
/// manifest, a plan of 30,000 files) is never held as one tree or one text. jansson formats each
/// part; this places the parts. Its bytes are those of jansson serializing the whole document, and
/// a trailing newline.
public struct JSONArrayWriter {
  private var out: [UInt8] = []
  private let pieceSize: Int
  private var isEmpty = true
  /// Where each part is serialized before it is indented into `out`, reused.
  private var scratch: [UInt8] = []

  /// Opens the document: `head`'s fields (at least one), then `key` and its array.
  public init(head: JSONObject, arrayKey key: String, pieceSize: Int = 1 << 16) {
    self.pieceSize = pieceSize
    out.reserveCapacity(pieceSize + 4096)
    // The head without its closing line, `\n}`.
    out.append(contentsOf: JSONValue.object(head).serialized(.pretty).utf8.dropLast(2))
    out.append(contentsOf: ",\n  ".utf8)
    out.append(contentsOf: JSONValue.string(key).serialized(.compact).utf8)
    out.append(contentsOf: ": [".utf8)
  }

  /// One element of the array.
  public mutating func add(_ element: JSONValue, into sink: ([UInt8]) -> Void) {
    beginElement()
    append(element, dropping: 0, indent: 4)
    flushIfFull(into: sink)
  }

  /// One element that is an object whose last field, `key`, is an array, written an item at a
  /// time: an element of thousands of items (the compose file's entry in a manifest, its 10,000
  /// changed services in a plan) is never one value. `head` holds the other fields (at least one).
  public mutating func add(
    head: JSONObject, arrayKey key: String, items: some Sequence<JSONValue>, into sink: ([UInt8]) -> Void
  ) {
    beginElement()
    append(JSONValue.object(head), dropping: 2, indent: 4)  // without its closing `\n}`
    append((",\n  " + JSONValue.string(key).serialized(.compact) + ": [").utf8, indent: 4)
    var first = true
    for item in items {
      append((first ? "\n    " : ",\n    ").utf8, indent: 4)
      first = false
      append(item, dropping: 0, indent: 8)
      flushIfFull(into: sink)
    }
    append((first ? "]\n}" : "\n  ]\n}").utf8, indent: 4)
    flushIfFull(into: sink)
  }

  /// `value` serialized by jansson, less its last `dropping` bytes, placed `indent` spaces in.
  private mutating func append(_ value: JSONValue, dropping: Int, indent: Int) {
    scratch.removeAll(keepingCapacity: true)
    value.serialize(.pretty, appendingTo: &scratch)
    append(scratch.dropLast(dropping), indent: indent)
  }

  private mutating func beginElement() {
    out.append(contentsOf: (isEmpty ? "\n    " : ",\n    ").utf8)
    isEmpty = false
  }

  /// JSON text placed `indent` spaces in: every line after the first is indented by that much (a
  /// JSON string never spans lines, so this is exact).
  private mutating func append(_ text: some Collection<UInt8>, indent: Int) {
    // A line at a time, each copied whole.
    var start = text.startIndex
    while let newline = text[start...].firstIndex(of: UInt8(ascii: "\n")) {
      out.append(contentsOf: text[start...newline])
      out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
      start = text.index(after: newline)
    }
    out.append(contentsOf: text[start...])
  }

  /// Hands what is ready to `sink` once it is a piece.
  private mutating func flushIfFull(into sink: ([UInt8]) -> Void) {
    guard out.count >= pieceSize else { return }
    sink(out)
    out.removeAll(keepingCapacity: true)
  }

  /// Closes the array and the document.
  public mutating func finish(into sink: ([UInt8]) -> Void) {
    out.append(contentsOf: (isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)
    sink(out)
    out = []
  }
}
