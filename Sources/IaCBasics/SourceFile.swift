/// The bytes of one input file and where its lines start. Immutable but for `releaseBytes`, so it
/// can be shared freely between the lexer, the checker and the renderers.
public final class SourceFile: @unchecked Sendable, CustomStringConvertible {
  /// The largest source iacc reads (1 GiB). Ranges store 32-bit offsets; a program this size
  /// would take minutes to check anyway, so the loader refuses it with a diagnostic instead.
  public static let maximumByteCount = 1 << 30

  /// Why a source of `byteCount` bytes is refused.
  public static func tooLarge(byteCount: Int) -> String {
    "it is \(byteCount) bytes, over the \(maximumByteCount >> 30) GiB limit for a source file"
  }

  /// The path as the user should see it (relative to where iacc runs, when possible).
  public let path: String
  /// The raw bytes, exactly as read: invalid UTF-8 and NUL bytes stay, the lexer reports them.
  /// Empty once released (see `releaseBytes`). Unchecked: it changes once, at a point where no
  /// other thread reads it, and the parser reads it for every token.
  @exclusivity(unchecked) public private(set) var bytes: [UInt8]
  /// Byte offset of the first byte of each line. Line 1 starts after a byte-order mark, if any,
  /// so that columns match what an editor shows.
  public let lineStarts: LineStarts

  /// How many bytes the file has, released or not.
  public let byteCount: Int

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
    self.byteCount = bytes.count
    self.lineStarts = LineStarts(bytes, skippingByteOrderMark: Self.hasByteOrderMark(bytes))
  }

  public convenience init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }

  public var description: String { path }

  /// Lets the text go, for a build whose diagnostics are written and which needs only line
  /// numbers from here on (at 10,000 services the program is 5.5 MB, held through planning).
  /// Line numbers stay right; columns and source text are no longer available. Call it only
  /// where no other thread can be reading the file.
  public func releaseBytes() {
    bytes = []
  }

  static func hasByteOrderMark(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
  }

  /// The offset where content begins: after the byte-order mark, if there is one.
  public var contentStart: Int { lineStarts[0] }

  /// 1-based line and column of a byte offset. Columns count Unicode scalars (UTF-8 lead bytes),
  /// so `é` is one column, as in editors; a CR before the LF is never counted as a column.
  /// Once the bytes are released, every column is 1.
  public func location(of offset: Int) -> SourceLocation {
    let clamped = max(0, min(offset, byteCount))
    let line = line(of: clamped)
    let start = lineStarts[line - 1]
    var column = 1
    if start < clamped, clamped <= bytes.count {
      for index in start..<clamped where bytes[index] & 0xC0 != 0x80 { column += 1 }
    }
    return SourceLocation(line: line, column: column, offset: clamped)
  }

  /// The 1-based line of a byte offset (a binary search of the line starts; the bytes are not read).
  public func line(of offset: Int) -> Int {
    let clamped = max(0, min(offset, byteCount))
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
    }
    return low + 1
  }

  /// The text of a 1-based line without its line ending, decoded leniently for display.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    // Clamped, as `text(_:)` is: once the bytes are released, every line is empty.
    let start = min(lineStarts[line - 1], bytes.count)
    var end = min(line < lineStarts.count ? lineStarts[line] - 1 : bytes.count, bytes.count)
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The source text of a byte range, decoded leniently.
  public func text(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, bytes.count))
    let upper = max(lower, min(range.upperBound, bytes.count))
    return String(decoding: bytes[lower..<upper], as: UTF8.self)
  }
}

/// Where each line of a source starts, as 32-bit offsets in an array of exactly the right size
/// (sources are under 1 GiB): a 5 MB program of 260,000 lines keeps 1 MiB for them, not the 2 to
/// 4 MiB of growing an array of `Int`, for as long as its diagnostics may need a line number.
public struct LineStarts: RandomAccessCollection, Sendable {
  private let offsets: [UInt32]

  init(_ bytes: [UInt8], skippingByteOrderMark: Bool) {
    let newline = UInt8(ascii: "\n")
    var lines = 1
    for byte in bytes where byte == newline { lines += 1 }
    offsets = [UInt32](unsafeUninitializedCapacity: lines) { buffer, count in
      buffer[0] = skippingByteOrderMark ? 3 : 0
      count = 1
      for (offset, byte) in bytes.enumerated() where byte == newline {
        buffer[count] = UInt32(truncatingIfNeeded: offset + 1)
        count += 1
      }
    }
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { offsets.count }
  public subscript(line: Int) -> Int { Int(offsets[line]) }
}

/// A position that a person can find: 1-based line and column, plus the 0-based byte offset.
public struct SourceLocation: Sendable, Equatable, Comparable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool { lhs.offset < rhs.offset }
  public var description: String { "\(line):\(column)" }
}

/// A half-open byte range in one source file.
///
/// Every checked value and syntax node carries one, so it is kept to 16 bytes: the offsets are
/// stored as 32 bits (the loader refuses files that large long before 4 GiB), and an optional
/// range needs no extra tag byte.
public struct SourceRange: Sendable, Equatable, Hashable, CustomStringConvertible {
  public let file: SourceFile
  private let startOffset: UInt32
  private let endOffset: UInt32

  public var start: Int { Int(startOffset) }
  public var end: Int { Int(endOffset) }

  public init(file: SourceFile, start: Int, end: Int) {
    self.file = file
    self.startOffset = UInt32(clamping: start)
    self.endOffset = UInt32(clamping: max(start, end))
  }

  public init(file: SourceFile, _ range: Range<Int>) {
    self.init(file: file, start: range.lowerBound, end: range.upperBound)
  }

  public var bytes: Range<Int> { start..<end }
  public var startLocation: SourceLocation { file.location(of: start) }
  public var endLocation: SourceLocation { file.location(of: end) }
  public var text: String { file.text(bytes) }

  /// The smallest range covering both (same file assumed; the left file wins otherwise).
  public func extended(to other: SourceRange) -> SourceRange {
    guard other.file === file else { return self }
    return SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
  }

  public static func == (lhs: SourceRange, rhs: SourceRange) -> Bool {
    lhs.file === rhs.file && lhs.startOffset == rhs.startOffset && lhs.endOffset == rhs.endOffset
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(ObjectIdentifier(file))
    hasher.combine(startOffset)
    hasher.combine(endOffset)
  }

  public var description: String { "\(file.path):\(startLocation)" }
}
