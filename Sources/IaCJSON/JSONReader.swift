/// Reads a large JSON document a value at a time, so that it is never held as one tree.
///
/// The caller walks the outer objects and arrays (`enterObject`, `nextKey`, `enterArray`,
/// `nextElement`) and takes each value it wants whole (`value`). Only that walk is scanned here —
/// whitespace, brackets, commas, colons and the extent of a string or a literal; every key and
/// value is parsed by jansson, as a whole document would be. A 10 MB build manifest parsed as one
/// tree took 70 MiB between jansson's nodes, their Swift copy and a copy of the text; read entry by
/// entry, it takes the size of the entries.
public struct JSONReader {
  private let bytes: [UInt8]
  private var offset = 0
  /// One flag per open object or array: nothing has been read in it yet (no comma is due).
  private var atStart: [Bool] = []

  /// JSON has no raw NUL byte anywhere. jansson skips one between tokens and then miscounts how
  /// far it read, so such a text is refused here, before any of it is read.
  private let containsNUL: Bool

  public init(_ bytes: [UInt8]) {
    self.bytes = bytes
    containsNUL = bytes.contains(0)
  }

  /// `{`: the next value is an object; read its members with `nextKey`.
  public mutating func enterObject() throws(JSONParseError) { try enter(UInt8(ascii: "{")) }

  /// `[`: the next value is an array; read its elements with `nextElement`.
  public mutating func enterArray() throws(JSONParseError) { try enter(UInt8(ascii: "[")) }

  public enum Container { case object, array }

  /// Whether the next value is an object or an array (read nothing but whitespace).
  public mutating func nextValueIs(_ container: Container) -> Bool {
    skipWhitespace()
    return peek() == (container == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
  }

  /// The key of the next member of the innermost object, with its `:` read, or nil when the
  /// object ends. The member's value must be read next (`value` or `enter…`).
  public mutating func nextKey() throws(JSONParseError) -> String? {
    guard try next(closer: UInt8(ascii: "}")) else { return nil }
    guard peek() == UInt8(ascii: "\"") else { throw failure("expected a key") }
    guard case .string(let key) = try value() else { throw failure("expected a key") }
    skipWhitespace()
    guard peek() == UInt8(ascii: ":") else { throw failure("expected `:` after a key") }
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
    skipWhitespace()
    guard let first = peek() else { throw failure("expected a value") }
    var end = bytes.count
    switch first {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      break  // jansson finds the closing bracket
    case UInt8(ascii: "\""):
      end = try stringEnd()
    default:
      // A number or `true`, `false`, `null`: cut at the first byte that cannot be part of one.
      end = offset
      while end < bytes.count, Self.isLiteralByte(bytes[end]) { end += 1 }
    }
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
      throw failure("not a valid JSON value")
    }
  }

  /// After the last value: only whitespace may follow.
  public mutating func finish() throws(JSONParseError) {
    skipWhitespace()
    guard atStart.isEmpty, offset == bytes.count else { throw failure("unexpected text after the document") }
  }

  // MARK: - Scanning

  private mutating func enter(_ opener: UInt8) throws(JSONParseError) {
    guard !containsNUL else { throw failure("a NUL byte") }
    skipWhitespace()
    guard peek() == opener else { throw failure("expected `\(Character(Unicode.Scalar(opener)))`") }
    offset += 1
    if let innermost = atStart.indices.last { atStart[innermost] = false }
    atStart.append(true)
  }

  /// Reads the separator before the next member or element: nothing before the first, a comma
  /// before any other; or the closer, which leaves the container.
  private mutating func next(closer: UInt8) throws(JSONParseError) -> Bool {
    guard let innermost = atStart.indices.last else { throw failure("not inside an object or array") }
    skipWhitespace()
    if peek() == closer {
      offset += 1
      atStart.removeLast()
      return false
    }
    if !atStart[innermost] {
      guard peek() == UInt8(ascii: ",") else { throw failure("expected `,` or `\(Character(Unicode.Scalar(closer)))`") }
      offset += 1
      skipWhitespace()
    }
    return true
  }

  /// Where the string starting at `offset` ends: after its closing quote (escapes skipped; their
  /// validity is jansson's to check).
  private func stringEnd() throws(JSONParseError) -> Int {
    var position = offset + 1
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: "\\"): position += 2
      case UInt8(ascii: "\""): return position + 1
      default: position += 1
      }
    }
    throw failure("a string without its closing quote")
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

  private func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

  private mutating func skipWhitespace() {
    while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
  }

  private func failure(_ message: String) -> JSONParseError {
    let before = bytes[..<min(offset, bytes.count)]
    let line = before.count { $0 == 0x0A } + 1
    let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
    return JSONParseError(message: message, line: line, column: column)
  }
}
