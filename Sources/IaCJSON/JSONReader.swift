/// Reads a large JSON document a value at a time, so that it is never held as one tree.
///
/// The caller walks the outer objects and arrays (`enterObject`, `nextKey`, `enterArray`,
/// `nextElement`) and takes each value it wants whole (`value`). Only that walk is scanned here —
/// whitespace, brackets, commas, colons and the extent of a string or a literal; every key and
/// value is parsed by jansson, as a whole document would be. A 10 MB build manifest parsed as one
/// tree took 70 MiB between jansson's nodes, their Swift copy and a copy of the text; read entry by
/// entry, it takes the size of the entries.
///
/// A reader made with a `source` reads the document itself, a piece at a time, and lets each
/// piece go once it is read: a large manifest is then not even held as text (11 MB at 30,000
/// files). Both readers read the same.
public struct JSONReader {
  /// The text from `offset` on (and some already read): the whole document, or a window of it.
  private var bytes: [UInt8]
  private var offset = 0
  /// One flag per open object or array: nothing has been read in it yet (no comma is due).
  private var atStart: [Bool] = []

  /// JSON has no raw NUL byte anywhere. jansson skips one between tokens and then miscounts how
  /// far it read, so such a text is refused here: before any of it is read, or, read in pieces,
  /// from the piece that holds one.
  private var containsNUL: Bool

  /// The next piece of the document (at most the count asked for; empty at its end), for a reader
  /// that reads it in pieces.
  public typealias Source = (Int) throws(JSONParseError) -> [UInt8]
  private let source: Source?
  private let pieceSize: Int
  private var sourceEnded: Bool
  /// What was let go before `bytes`, for the line and column of an error.
  private var dropped = (count: 0, newlines: 0, lastNewline: -1)

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    containsNUL = bytes.contains(0)
    source = nil
    pieceSize = 0
    sourceEnded = true
  }

  /// Reads the document from `source`, `pieceSize` bytes at a time.
  public init(pieceSize: Int = 1 << 16, source: @escaping Source) {
    bytes = []
    containsNUL = false
    self.source = source
    self.pieceSize = max(1, pieceSize)
    sourceEnded = false
  }

  /// Reads the next piece onto the end of `bytes`, first letting go of what has been read when
  /// that is most of them. False at the end of the document.
  private mutating func readMore(atLeast minimum: Int = 0) throws(JSONParseError) -> Bool {
    guard !sourceEnded, let source else { return false }
    if offset > 0 && offset >= bytes.count / 2 {
      let gone = bytes[..<offset]
      dropped.newlines += gone.count { $0 == 0x0A }
      if let last = gone.lastIndex(of: 0x0A) { dropped.lastNewline = dropped.count + last }
      dropped.count += offset
      bytes.removeFirst(offset)
      offset = 0
    }
    let piece = try source(max(pieceSize, minimum))
    guard !piece.isEmpty else {
      sourceEnded = true
      return false
    }
    if piece.contains(0) { containsNUL = true }
    bytes.append(contentsOf: piece)
    return true
  }

  /// `{`: the next value is an object; read its members with `nextKey`.
  public mutating func enterObject() throws(JSONParseError) { try enter(UInt8(ascii: "{")) }

  /// `[`: the next value is an array; read its elements with `nextElement`.
  public mutating func enterArray() throws(JSONParseError) { try enter(UInt8(ascii: "[")) }

  public enum Container { case object, array }

  /// Whether the next value is an object or an array (read nothing but whitespace).
  public mutating func nextValueIs(_ container: Container) throws(JSONParseError) -> Bool {
    try skipWhitespace()
    return try peek() == (container == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
  }

  /// The key of the next member of the innermost object, with its `:` read, or nil when the
  /// object ends. The member's value must be read next (`value` or `enter…`).
  public mutating func nextKey() throws(JSONParseError) -> String? {
    guard try next(closer: UInt8(ascii: "}")) else { return nil }
    guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
    guard case .string(let key) = try value() else { throw failure("expected a key") }
    try skipWhitespace()
    guard try peek() == UInt8(ascii: ":") else { throw failure("expected `:` after a key") }
    offset += 1
    return key
  }

  /// Whether the innermost array has another element (to be read next), or ends here.
  public mutating func nextElement() throws(JSONParseError) -> Bool {
    try next(closer: UInt8(ascii: "]"))
  }

  /// The next value, whole, parsed by jansson.
  public mutating func value() throws(JSONParseError) -> JSONValue {
    guard !containsNUL else { throw failure("a NUL byte") }
    try skipWhitespace()
    guard let first = try peek() else { throw failure("expected a value") }
    // Each time a value needs more than has been read, twice as much is read: a value far larger
    // than a piece is parsed a few times, not once per piece.
    var more = pieceSize
    while true {
      // Where the value must end by, in what has been read so far.
      var end: Int? = bytes.count
      switch first {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        break  // jansson finds the closing bracket
      case UInt8(ascii: "\""):
        end = stringEnd()
      default:
        // A number or `true`, `false`, `null`: cut at the first byte that cannot be part of one.
        var position = offset
        while position < bytes.count, Self.isLiteralByte(bytes[position]) { position += 1 }
        end = position < bytes.count || sourceEnded ? position : nil
      }
      if let end {
        let start = offset
        let parsed = bytes.withUnsafeBufferPointer { buffer in
          JSONValue.parsePrefix(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
        switch parsed {
        case .success(let (value, length)):
          offset += length
          if let innermost = atStart.indices.last { atStart[innermost] = false }
          return value
        case .failure:
          // Perhaps only cut short by the end of what has been read: then read on and try again.
          guard !sourceEnded else { throw failure("not a valid JSON value") }
        }
      } else if sourceEnded, first == UInt8(ascii: "\"") {
        throw failure("a string without its closing quote")
      }
      let readSome = try readMore(atLeast: more)
      more *= 2
      // Once the whole document is read, the next round is final (an unclosed string included).
      guard readSome else { continue }
      guard !containsNUL else { throw failure("a NUL byte") }
    }
  }

  /// After the last value: only whitespace may follow.
  public mutating func finish() throws(JSONParseError) {
    try skipWhitespace()
    guard atStart.isEmpty, try peek() == nil else { throw failure("unexpected text after the document") }
  }

  // MARK: - Scanning

  private mutating func enter(_ opener: UInt8) throws(JSONParseError) {
    guard !containsNUL else { throw failure("a NUL byte") }
    try skipWhitespace()
    guard try peek() == opener else { throw failure("expected `\(Character(Unicode.Scalar(opener)))`") }
    offset += 1
    if let innermost = atStart.indices.last { atStart[innermost] = false }
    atStart.append(true)
  }

  /// Reads the separator before the next member or element: nothing before the first, a comma
  /// before any other; or the closer, which leaves the container.
  private mutating func next(closer: UInt8) throws(JSONParseError) -> Bool {
    guard let innermost = atStart.indices.last else { throw failure("not inside an object or array") }
    try skipWhitespace()
    if try peek() == closer {
      offset += 1
      atStart.removeLast()
      return false
    }
    if !atStart[innermost] {
      guard try peek() == UInt8(ascii: ",") else {
        throw failure("expected `,` or `\(Character(Unicode.Scalar(closer)))`")
      }
      offset += 1
      try skipWhitespace()
    }
    return true
  }

  /// Where the string starting at `offset` ends: after its closing quote (escapes skipped; their
  /// validity is jansson's to check). Nil when what has been read ends first.
  private func stringEnd() -> Int? {
    var position = offset + 1
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: "\\"): position += 2
      case UInt8(ascii: "\""): return position + 1
      default: position += 1
      }
    }
    return nil
  }

  private static func isLiteralByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
      return true
    default: return false
    }
  }

  /// The next byte, reading on when what has been read is used up; nil at the end.
  private mutating func peek() throws(JSONParseError) -> UInt8? {
    while offset >= bytes.count {
      guard try readMore() else { return nil }
    }
    return bytes[offset]
  }

  private mutating func skipWhitespace() throws(JSONParseError) {
    while let byte = try peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
  }

  private func failure(_ message: String) -> JSONParseError {
    let before = bytes[..<min(offset, bytes.count)]
    let line = dropped.newlines + before.count { $0 == 0x0A } + 1
    let lineStart = before.lastIndex(of: 0x0A).map { dropped.count + $0 + 1 } ?? dropped.lastNewline + 1
    let column = dropped.count + offset - lineStart + 1
    return JSONParseError(message: message, line: line, column: column)
  }
}
