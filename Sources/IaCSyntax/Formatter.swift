import IaCBasics

/// `iacc fmt`: the canonical layout of a .iac file (spec/language.md, "Formatting").
///
/// It works on tokens and comments, not on the syntax tree, so that every comment stays where it was
/// written and nothing is reordered. It keeps the author's line breaks (at most one blank line in a
/// row) and decides everything else: indentation (two spaces per open bracket, once per line however
/// many brackets a line opens), the spaces between tokens, no trailing spaces, one final newline.
/// Nothing is aligned in columns: an alignment would make one changed line re-indent its neighbours.
///
/// The token sequence, each token's text and which tokens start a line are unchanged, so the parser
/// sees the same program; a test checks that, and idempotence, on every .iac file in the repository.
public enum Formatter {
  /// The formatted bytes, or nil with the syntax errors when the file does not parse (a broken file
  /// is never rewritten). The file is lexed once, for the parser and the printer.
  public static func format(_ file: SourceFile) -> (formatted: [UInt8]?, diagnostics: [Diagnostic]) {
    let (lexed, lexDiagnostics) = Lexer.lex(file)
    var parser = Parser(file: file, lexed: lexed, diagnostics: lexDiagnostics)
    _ = parser.parseDeclarations()
    guard !parser.diagnostics.contains(where: { $0.severity == .error }) else { return (nil, parser.diagnostics) }
    var printer = Printer(bytes: file.bytes, start: file.contentStart)
    printer.run(lexed)
    return (printer.output, [])
  }

  enum Item {
    case token(Token)
    case comment(Range<Int>)
    var range: Range<Int> {
      switch self {
      case .token(let token): return token.bytes
      case .comment(let range): return range
      }
    }
  }

  struct Printer {
    let bytes: [UInt8]
    var output: [UInt8]
    var position: Int
    /// The indentation of the line being written, and of each open bracket's contents.
    var lineIndent = 0
    var open: [Int] = []
    var previous: Token?
    var atLineStart = true

    init(bytes: [UInt8], start: Int) {
      self.bytes = bytes
      self.output = Array(bytes[0..<start])  // a byte-order mark stays
      self.position = start
    }

    mutating func run(_ lexed: LexedFile) {
      var items = lexed.tokens.filter { $0.kind != .endOfFile }.map(Item.token)
      items += lexed.comments.map(Item.comment)
      items.sort { $0.range.lowerBound < $1.range.lowerBound }
      for item in items {
        let breaks = lineBreaks(position..<item.range.lowerBound)
        switch item {
        case .token(let token): place(token, breaks: breaks)
        case .comment(let range): placeComment(range, breaks: breaks)
        }
        position = item.range.upperBound
      }
      while output.last == UInt8(ascii: " ") { output.removeLast() }
      if !output.isEmpty && output.last != UInt8(ascii: "\n") {
        output.append(UInt8(ascii: "\n"))
      }
    }

    func lineBreaks(_ gap: Range<Int>) -> Int { bytes[gap].count { $0 == UInt8(ascii: "\n") } }

    mutating func newLines(_ count: Int) {
      while output.last == UInt8(ascii: " ") { output.removeLast() }
      // At most one blank line, and none at the top of the file.
      let wanted = output.isEmpty ? 0 : min(count, 2)
      for _ in 0..<wanted { output.append(UInt8(ascii: "\n")) }
      atLineStart = true
    }

    mutating func indent(_ level: Int) {
      output += Array(repeating: UInt8(ascii: " "), count: 2 * level)
      lineIndent = level
      atLineStart = false
    }

    mutating func place(_ token: Token, breaks: Int) {
      let closes = [.rightBrace, .rightBracket, .rightParen].contains(token.kind)
      if breaks > 0 || output.isEmpty {
        newLines(breaks)
        // A closing bracket goes back to the indentation of the line that opened it.
        indent(closes ? max(0, (open.last ?? 1) - 1) : (open.last ?? 0))
      } else if let previous, wantsSpace(previous, token, hadSpace: position < token.start) {
        output.append(UInt8(ascii: " "))
      }
      output += bytes[token.bytes]
      if closes {
        if !open.isEmpty { open.removeLast() }
      } else if [.leftBrace, .leftBracket, .leftParen].contains(token.kind) {
        open.append(lineIndent + 1)
      }
      previous = token
    }

    mutating func placeComment(_ range: Range<Int>, breaks: Int) {
      if breaks > 0 || output.isEmpty {
        newLines(breaks)
        // A comment right before a closing bracket belongs to the contents, so it keeps their indent.
        indent(open.last ?? 0)
      } else {
        output.append(UInt8(ascii: " "))
      }
      var text = bytes[range]
      // A line comment loses its trailing spaces; a block comment is kept byte for byte.
      if text.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) || text.first == UInt8(ascii: "#") {
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text.removeLast() }
      }
      output += text
    }

    /// One space or none between two tokens on the same line.
    func wantsSpace(_ left: Token, _ right: Token, hadSpace: Bool) -> Bool {
      switch (left.kind, right.kind) {
      case (.leftBrace, .rightBrace): return false  // `{}`
      case (.leftBrace, _), (_, .rightBrace): return true  // `{ a = 1 }`
      case (.leftParen, _), (.leftBracket, _), (_, .rightParen), (_, .rightBracket): return false
      case (_, .comma), (_, .semicolon), (_, .colon), (.dot, _), (_, .dot): return false
      case (.comma, _), (.semicolon, _), (.colon, _): return true
      case (.equal, _), (_, .equal), (.arrow, _), (_, .arrow), (.plus, _), (_, .plus): return true
      case (_, .leftBrace): return true  // `service web {`
      case (.identifier, .leftParen): return false  // a call: `compose(h)`
      // `-`, `<`, `>` and the rest: as written. (`a -b` must not become the name `a-b`.)
      default: return hadSpace
      }
    }
  }
}
