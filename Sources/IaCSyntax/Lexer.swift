import IaCBasics

/// Turns bytes into tokens. It never fails: bad bytes become diagnostics and `.invalid` tokens,
/// and lexing continues, so one run reports every problem in the file.
public struct Lexer {
  let file: SourceFile
  let bytes: [UInt8]
  var position: Int
  let end: Int
  var tokens: [Token] = []
  var strings: [StringPayload] = []
  var comments: [Range<Int>] = []
  var diagnostics: [Diagnostic] = []
  var sawLineBreak = true

  /// Lexes `range` of `file` (the whole file by default, after a byte-order mark).
  public init(file: SourceFile, range: Range<Int>? = nil) {
    self.file = file
    self.bytes = file.bytes
    let range = range ?? file.contentStart..<file.bytes.count
    self.position = range.lowerBound
    self.end = range.upperBound
  }

  public static func lex(_ file: SourceFile, range: Range<Int>? = nil) -> (LexedFile, [Diagnostic]) {
    var lexer = Lexer(file: file, range: range)
    if range == nil { lexer.reportEncodingProblems() }
    // Typical source has a token per five bytes: reserving for one per four spares the copies
    // (and the up to doubled capacity) of growing a large file's array step by step.
    lexer.tokens.reserveCapacity((lexer.end - lexer.position) / 4 + 1)
    lexer.run()
    return (LexedFile(tokens: lexer.tokens, strings: lexer.strings, comments: lexer.comments), lexer.diagnostics)
  }

  mutating func run() {
    while lexNext() {}
  }

  /// Lexes the next token into `tokens` (the end-of-file token once the input is used up: then
  /// false). A parser that pulls tokens calls this as it goes (see `TokenStream`).
  mutating func lexNext() -> Bool {
    skipTrivia()
    guard position < end else {
      tokens.append(Token(kind: .endOfFile, start: end, end: end, startsLine: true, payload: -1))
      return false
    }
    lexToken()
    return true
  }

  // MARK: - Encoding

  /// One pass over the whole file for invalid UTF-8 and NUL bytes, before any token: these are
  /// reported once here, and the token scanner then skips such bytes silently.
  mutating func reportEncodingProblems() {
    var index = position
    while index < end {
      // Eight bytes at a time while they are ASCII and none is NUL: nearly every source file.
      if index + 8 <= end, Self.asciiWithoutNUL(bytes, at: index) {
        index += 8
        continue
      }
      let byte = bytes[index]
      if byte == 0 {
        report(SyntaxDiagnostics.nulByte, "NUL byte in source file", index..<index + 1)
        index += 1
      } else if byte < 0x80 {
        index += 1
      } else {
        let length = UTF8Scalar.validLength(bytes, at: index, end: end)
        if length > 0 {
          index += length
        } else {
          var stop = index + 1
          while stop < end, bytes[stop] >= 0x80, UTF8Scalar.validLength(bytes, at: stop, end: end) == 0 { stop += 1 }
          report(
            SyntaxDiagnostics.invalidUTF8, "invalid UTF-8 byte sequence", index..<stop,
            help: "save the file as UTF-8")
          index = stop
        }
      }
    }
  }

  /// Whether the eight bytes from `index` are all ASCII and not NUL (read as one word).
  @inline(__always)
  static func asciiWithoutNUL(_ bytes: [UInt8], at index: Int) -> Bool {
    let word = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index, as: UInt64.self) }
    let high: UInt64 = 0x8080_8080_8080_8080
    // A byte is zero when subtracting one borrows into its high bit, which was clear.
    let zero = (word &- 0x0101_0101_0101_0101) & ~word & high
    return word & high == 0 && zero == 0
  }

  // MARK: - Trivia

  mutating func skipTrivia() {
    while position < end {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
        position += 1
      case UInt8(ascii: "\n"):
        position += 1
        sawLineBreak = true
      case UInt8(ascii: "#"):
        skipLineComment()
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
        skipLineComment()
      case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
        skipBlockComment()
      default:
        return
      }
    }
  }

  mutating func skipLineComment() {
    let start = position
    while position < end, bytes[position] != UInt8(ascii: "\n") { position += 1 }
    var stop = position
    if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
    comments.append(start..<stop)
  }

  mutating func skipBlockComment() {
    let start = position
    position += 2
    while position < end {
      if bytes[position] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
        position += 2
        comments.append(start..<position)
        return
      }
      if bytes[position] == UInt8(ascii: "\n") { sawLineBreak = true }
      position += 1
    }
    report(SyntaxDiagnostics.unterminatedComment, "unterminated block comment", start..<start + 2)
    comments.append(start..<position)
  }

  // MARK: - Tokens

  mutating func lexToken() {
    let start = position
    let byte = bytes[position]
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
      lexIdentifier()
    case UInt8(ascii: "0")...UInt8(ascii: "9"):
      lexNumber()
    case UInt8(ascii: "\""):
      lexString()
    case UInt8(ascii: "-") where peek(1) == UInt8(ascii: ">"):
      position += 2
      emit(.arrow, from: start)
    default:
      if let kind = Self.punctuation(byte) {
        position += 1
        emit(kind, from: start)
      } else {
        lexInvalid()
      }
    }
  }

  static func punctuation(_ byte: UInt8) -> TokenKind? {
    switch byte {
    case UInt8(ascii: "{"): return .leftBrace
    case UInt8(ascii: "}"): return .rightBrace
    case UInt8(ascii: "["): return .leftBracket
    case UInt8(ascii: "]"): return .rightBracket
    case UInt8(ascii: "("): return .leftParen
    case UInt8(ascii: ")"): return .rightParen
    case UInt8(ascii: ","): return .comma
    case UInt8(ascii: ";"): return .semicolon
    case UInt8(ascii: ":"): return .colon
    case UInt8(ascii: "="): return .equal
    case UInt8(ascii: "."): return .dot
    case UInt8(ascii: "-"): return .minus
    case UInt8(ascii: "+"): return .plus
    case UInt8(ascii: "<"): return .less
    case UInt8(ascii: ">"): return .greater
    default: return nil
    }
  }

  /// Names are letters, digits, `_` and `-` (as in HCL, so host names like `proj-pg01` work).
  /// A `-` belongs to the name only when a name character follows it, so `a->b` stays an arrow.
  mutating func lexIdentifier() {
    let start = position
    position += 1
    while position < end {
      let byte = bytes[position]
      if Self.isNameByte(byte) {
        position += 1
      } else if byte == UInt8(ascii: "-"), let next = peek(1), Self.isNameByte(next) {
        position += 1
      } else {
        break
      }
    }
    let kind: TokenKind = Self.keyword(bytes[start..<position]).map(TokenKind.keyword) ?? .identifier
    emit(kind, from: start)
  }

  static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
      || byte == UInt8(ascii: "_")
  }

  static let keywordBytes: [(Keyword, [UInt8])] = Keyword.allCases.map { ($0, Array($0.rawValue.utf8)) }

  /// Compares bytes (length first) rather than building a String for every identifier.
  static func keyword(_ text: ArraySlice<UInt8>) -> Keyword? {
    guard text.count <= 6 else { return nil }
    for (keyword, bytes) in keywordBytes where bytes.count == text.count && bytes[0] == text.first {
      var equal = true
      var position = text.startIndex
      for byte in bytes {
        if text[position] != byte {
          equal = false
          break
        }
        position += 1
      }
      if equal { return keyword }
    }
    return nil
  }

  /// `42`, `8_080`, `0.5`, `512Mi`, `1.5Gi`, `0o644`. The unit is validated by the parser, which
  /// knows the unit table; here a number is digits, an optional fraction and optional letters.
  mutating func lexNumber() {
    let start = position
    if bytes[position] == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "o") {
      position += 2
      let digitsStart = position
      while position < end, Self.isNameByte(bytes[position]) { position += 1 }
      let digits = bytes[digitsStart..<position]
      if digits.isEmpty || !digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) {
        report(
          SyntaxDiagnostics.invalidNumber, "invalid file mode `\(file.text(start..<position))`", start..<position,
          help: "file modes are octal digits after `0o`, such as `0o644`")
      }
      emit(.fileMode, from: start)
      return
    }
    skipDigits()
    var kind = TokenKind.integer
    if position < end, bytes[position] == UInt8(ascii: "."), let next = peek(1), Self.isDigit(next) {
      position += 1
      skipDigits()
      kind = .decimal
    }
    if position < end, Self.isLetter(bytes[position]) {
      while position < end, Self.isLetter(bytes[position]) { position += 1 }
      kind = .unitNumber
    }
    if position < end, Self.isNameByte(bytes[position]) {
      while position < end, Self.isNameByte(bytes[position]) { position += 1 }
      report(
        SyntaxDiagnostics.invalidNumber, "invalid number literal `\(file.text(start..<position))`",
        start..<position, help: "names cannot start with a digit")
      kind = .invalid
    }
    emit(kind, from: start)
  }

  mutating func skipDigits() {
    while position < end, Self.isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "_") { position += 1 }
  }

  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
  static func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) }

  /// Something that starts no token. A run of such bytes is one diagnostic, not one per byte.
  mutating func lexInvalid() {
    let start = position
    var reportable = false
    while position < end {
      let byte = bytes[position]
      if byte < 0x80 {
        if Self.punctuation(byte) != nil || Self.isNameByte(byte) || byte <= 0x20 || byte == UInt8(ascii: "\"")
          || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "/")
        {
          if position > start { break }
        }
        reportable = reportable || byte != 0
        position += 1
      } else {
        let length = UTF8Scalar.validLength(bytes, at: position, end: end)
        // Invalid UTF-8 was reported by the encoding pass; only valid characters are news here.
        reportable = reportable || length > 0
        position += max(1, length)
      }
    }
    if reportable {
      let text = file.text(start..<position)
      report(SyntaxDiagnostics.unexpectedCharacter, "unexpected character `\(text)`", start..<position)
    }
    emit(.invalid, from: start)
  }

  // MARK: - Strings

  mutating func lexString() {
    let start = position
    if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
      lexMultilineString()
      return
    }
    position += 1
    var segments: [StringSegment] = []
    var text: [UInt8] = []
    var textStart = position
    while true {
      guard position < end, bytes[position] != UInt8(ascii: "\n") else {
        let stop = position > start + 1 && bytes[position - 1] == UInt8(ascii: "\r") ? position - 1 : position
        report(
          SyntaxDiagnostics.unterminatedString, "unterminated string literal", start..<stop,
          help: "close the string with `\"` on the same line, or use a `\"\"\"` multi-line string")
        break
      }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position += 1
        break
      }
      if byte == UInt8(ascii: "\\") {
        lexEscape(into: &text)
      } else if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
        flushText(&text, from: textStart, into: &segments)
        lexInterpolation(into: &segments, lineEnd: lineEnd(from: position))
        textStart = position
      } else {
        text.append(byte)
        position += 1
      }
    }
    flushText(&text, from: textStart, into: &segments, closing: true)
    emitString(StringPayload(segments: segments, isMultiline: false), from: start)
  }

  mutating func flushText(
    _ text: inout [UInt8], from start: Int, into segments: inout [StringSegment], closing: Bool = false
  ) {
    guard !text.isEmpty || (closing && segments.isEmpty) else { return }
    segments.append(.text(String(decoding: text, as: UTF8.self), start..<position))
    text.removeAll(keepingCapacity: true)
  }

  func lineEnd(from index: Int) -> Int {
    var stop = index
    while stop < end, bytes[stop] != UInt8(ascii: "\n") { stop += 1 }
    return stop
  }

  mutating func lexEscape(into text: inout [UInt8]) {
    let start = position
    position += 1
    guard position < end, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") else {
      report(
        SyntaxDiagnostics.unknownEscape, "a `\\` cannot end a line", start..<start + 1,
        help: "strings do not continue on the next line; write `\\\\` for a backslash")
      return
    }
    let byte = bytes[position]
    position += 1
    switch byte {
    case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
    case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
    case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): text.append(byte)
    case UInt8(ascii: "u") where position < end && bytes[position] == UInt8(ascii: "{"):
      let digitsStart = position + 1
      var stop = digitsStart
      while stop < end, stop - digitsStart < 8, Self.isHexDigit(bytes[stop]) { stop += 1 }
      if stop < end, bytes[stop] == UInt8(ascii: "}"), stop > digitsStart,
        let value = UInt32(file.text(digitsStart..<stop), radix: 16), let scalar = Unicode.Scalar(value)
      {
        text.append(contentsOf: Array(String(Character(scalar)).utf8))
        position = stop + 1
      } else {
        report(
          SyntaxDiagnostics.unknownEscape, "invalid Unicode escape", start..<min(stop + 1, end),
          help: "write a Unicode scalar value in hexadecimal, such as `\\u{E9}`")
        position = stop < end && bytes[stop] == UInt8(ascii: "}") ? stop + 1 : stop
      }
    default:
      // Keep going past a whole character, so `\é` reports one escape, not a broken byte.
      if byte >= 0x80 { position = start + 1 + max(1, UTF8Scalar.validLength(bytes, at: start + 1, end: end)) }
      let shown = file.text(start..<position)
      report(
        SyntaxDiagnostics.unknownEscape, "unknown escape sequence `\(shown)`", start..<position,
        help: "write `\\\\` for a backslash")
    }
  }

  static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
  }

  /// `${ expression }`: finds the matching `}` (skipping nested braces and strings) and records
  /// the expression's byte range. The parser lexes and parses that range itself.
  mutating func lexInterpolation(into segments: inout [StringSegment], lineEnd: Int) {
    let start = position
    position += 2
    var depth = 0
    var index = position
    while index < lineEnd {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        while index < lineEnd, bytes[index] != UInt8(ascii: "\"") {
          index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        index += 1
        continue
      }
      if byte == UInt8(ascii: "{") { depth += 1 }
      if byte == UInt8(ascii: "}") {
        if depth == 0 {
          segments.append(.interpolation(position..<index))
          position = index + 1
          return
        }
        depth -= 1
      }
      index += 1
    }
    report(
      SyntaxDiagnostics.unterminatedInterpolation, "unterminated interpolation", start..<start + 2,
      help: "close it with `}` on the same line, or write `\\${` for a literal `${`")
    position = lineEnd
  }

  /// `"""` NEWLINE lines `"""`. The closing delimiter's indentation is removed from every line;
  /// every content line ends with a newline (the value is usually a file's content).
  mutating func lexMultilineString() {
    let start = position
    position += 3
    // Only spaces may follow the opening delimiter on its line.
    var index = position
    while index < end,
      bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: "\r")
    { index += 1 }
    if index < end, bytes[index] != UInt8(ascii: "\n") {
      report(
        SyntaxDiagnostics.invalidMultilineString, "a multi-line string must start on the line after `\"\"\"`",
        index..<lineEnd(from: index))
    }
    // Find the closing line: the first line whose first non-blank bytes are `"""`.
    var lines: [Range<Int>] = []
    var lineStart = lineEnd(from: index) + 1
    var closing: (indent: Range<Int>, end: Int)?
    while lineStart <= end, lineStart < end || closing == nil {
      guard lineStart < end else { break }
      let stop = lineEnd(from: lineStart)
      var first = lineStart
      while first < stop, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
      if first + 2 < end, bytes[first] == UInt8(ascii: "\""), bytes[first + 1] == UInt8(ascii: "\""),
        bytes[first + 2] == UInt8(ascii: "\"")
      {
        closing = (lineStart..<first, first + 3)
        break
      }
      lines.append(lineStart..<stop)
      lineStart = stop + 1
    }
    guard let closing else {
      report(
        SyntaxDiagnostics.unterminatedString, "unterminated multi-line string", start..<start + 3,
        help: "close it with `\"\"\"` on a line of its own")
      position = end
      emitString(StringPayload(segments: [], isMultiline: true), from: start)
      return
    }
    let indent = bytes[closing.indent]
    var segments: [StringSegment] = []
    var text: [UInt8] = []
    for line in lines {
      var content =
        line.upperBound > line.lowerBound && bytes[line.upperBound - 1] == UInt8(ascii: "\r")
        ? line.lowerBound..<line.upperBound - 1 : line
      let isBlank = bytes[content].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
      if isBlank {
        text.append(UInt8(ascii: "\n"))
        continue
      }
      if content.count < indent.count
        || !bytes[content.lowerBound..<content.lowerBound + indent.count].elementsEqual(indent)
      {
        report(
          SyntaxDiagnostics.invalidMultilineString,
          "this line is indented less than the closing `\"\"\"`", content,
          help: "indent every line at least as far as the closing delimiter")
      } else {
        content = content.lowerBound + indent.count..<content.upperBound
      }
      position = content.lowerBound
      var textStart = position
      while position < content.upperBound {
        let byte = bytes[position]
        if byte == UInt8(ascii: "\\") {
          lexEscape(into: &text)
        } else if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
          flushText(&text, from: textStart, into: &segments)
          lexInterpolation(into: &segments, lineEnd: content.upperBound)
          textStart = position
        } else {
          text.append(byte)
          position += 1
        }
      }
      text.append(UInt8(ascii: "\n"))
      flushText(&text, from: textStart, into: &segments)
    }
    position = closing.end
    if segments.isEmpty, !text.isEmpty {
      segments.append(.text(String(decoding: text, as: UTF8.self), start..<position))
    } else if !text.isEmpty {
      flushText(&text, from: position, into: &segments)
    }
    emitString(StringPayload(segments: segments, isMultiline: true), from: start)
  }

  // MARK: - Helpers

  func peek(_ offset: Int) -> UInt8? {
    let index = position + offset
    return index < end ? bytes[index] : nil
  }

  mutating func emit(_ kind: TokenKind, from start: Int) {
    tokens.append(Token(kind: kind, start: start, end: position, startsLine: sawLineBreak, payload: -1))
    sawLineBreak = false
  }

  mutating func emitString(_ payload: StringPayload, from start: Int) {
    strings.append(payload)
    tokens.append(
      Token(kind: .string, start: start, end: position, startsLine: sawLineBreak, payload: Int32(strings.count - 1)))
    sawLineBreak = false
  }

  mutating func report(_ descriptor: DiagnosticDescriptor, _ message: String, _ range: Range<Int>, help: String? = nil)
  {
    diagnostics.append(Diagnostic(descriptor, message, at: SourceRange(file: file, range), help: help))
  }
}

/// UTF-8 validation without building Strings.
enum UTF8Scalar {
  /// The length of the valid UTF-8 sequence starting at `index`, or 0 if it is not valid
  /// (overlong forms, surrogates and values past U+10FFFF are invalid).
  static func validLength(_ bytes: [UInt8], at index: Int, end: Int) -> Int {
    let lead = bytes[index]
    let length: Int
    let minimum: UInt32
    var value: UInt32
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(lead & 0x07))
    default: return 0
    }
    guard index + length <= end else { return 0 }
    for offset in 1..<length {
      let byte = bytes[index + offset]
      guard byte & 0xC0 == 0x80 else { return 0 }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return 0 }
    return length
  }
}
