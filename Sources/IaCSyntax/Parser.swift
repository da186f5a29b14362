import IaCBasics

/// A recursive-descent parser that never throws. On an error it reports, records a `.missing`
/// node, and resynchronises at the next entry or declaration, so a file with several mistakes
/// gets all of them reported in one run.
public struct Parser {
  /// Deeper nesting is reported rather than recursed into: the stack must never overflow.
  public static let maximumDepth = 256

  let file: SourceFile
  var tokens: TokenStream
  var index = 0
  var depth = 0
  var reportedDepth = false
  var diagnostics: [Diagnostic]
  /// Elements of the constructs being parsed (see ScratchStack).
  let scratch: ParserScratch

  init(
    file: SourceFile, lexed: LexedFile, diagnostics: [Diagnostic], depth: Int = 0,
    scratch: ParserScratch = ParserScratch()
  ) {
    self.init(
      file: file, tokens: TokenStream(lexed: lexed, file: file), diagnostics: diagnostics, depth: depth,
      scratch: scratch)
  }

  init(
    file: SourceFile, tokens: TokenStream, diagnostics: [Diagnostic], depth: Int = 0,
    scratch: ParserScratch = ParserScratch()
  ) {
    self.file = file
    self.tokens = tokens
    self.diagnostics = diagnostics
    self.depth = depth
    self.scratch = scratch
  }

  /// Parses a whole file: lexer and parser diagnostics together (the lexer's first). The tokens
  /// are lexed as the parser reaches them (`TokenStream`): the file's tokens are never all held.
  public static func parse(_ file: SourceFile) -> (SourceFileSyntax, [Diagnostic]) {
    var lexer = Lexer(file: file)
    lexer.reportEncodingProblems()
    var parser = Parser(file: file, tokens: TokenStream(streaming: lexer), diagnostics: [])
    let declarations = parser.parseDeclarations()
    return (
      SourceFileSyntax(file: file, declarations: declarations, comments: parser.tokens.comments),
      parser.tokens.lexerDiagnostics + parser.diagnostics
    )
  }

  /// The same from every token lexed first: the reference that the streamed parse is tested
  /// against.
  static func parseLexedWhole(_ file: SourceFile) -> (SourceFileSyntax, [Diagnostic]) {
    let (lexed, lexDiagnostics) = Lexer.lex(file)
    var parser = Parser(file: file, lexed: lexed, diagnostics: lexDiagnostics)
    let declarations = parser.parseDeclarations()
    return (SourceFileSyntax(file: file, declarations: declarations, comments: lexed.comments), parser.diagnostics)
  }

  /// Parses one expression from a byte range (the command line's `--param name=value`).
  public static func parseExpression(_ file: SourceFile) -> (Expr, [Diagnostic]) {
    let (lexed, lexDiagnostics) = Lexer.lex(file)
    var parser = Parser(file: file, lexed: lexed, diagnostics: lexDiagnostics)
    let expr = parser.parseExpression()
    if parser.current.kind != .endOfFile { parser.unexpected("end of value") }
    return (expr, parser.diagnostics)
  }

  // MARK: - Token access

  var current: Token { tokens[index] }
  /// Up to `TokenStream.lookahead` tokens ahead; the end-of-file token beyond the end.
  func peek(_ offset: Int) -> Token { tokens[index + offset] }

  mutating func advance() {
    index = tokens.advance(from: index)
  }

  func range(_ token: Token) -> SourceRange { SourceRange(file: file, token.bytes) }
  func range(from start: Int) -> SourceRange {
    let previousEnd = index > 0 ? tokens[index - 1].end : start
    return SourceRange(file: file, start: start, end: max(start, previousEnd))
  }

  mutating func consume(_ kind: TokenKind) -> Bool {
    guard current.kind == kind else { return false }
    advance()
    return true
  }

  /// `what` is made only when the token is not there: most messages name what came before (the
  /// map key, the `let`), and making them for every map entry was a sixteenth of parsing.
  mutating func expect(_ kind: TokenKind, _ what: @autoclosure () -> String) -> Bool {
    if consume(kind) { return true }
    unexpected(what())
    return false
  }

  mutating func unexpected(_ expected: String) {
    // One report per place: a recovering parser would otherwise stack errors on the same token.
    let here = range(current)
    if diagnostics.last?.code == SyntaxDiagnostics.unexpectedToken.code, diagnostics.last?.range == here { return }
    if current.kind == .invalid { return }  // the lexer has already explained that byte
    let found =
      current.kind == .identifier || current.kind == .invalid
      ? "`\(file.text(current.bytes))`" : current.kind.displayName
    diagnostics.append(
      Diagnostic(SyntaxDiagnostics.unexpectedToken, "expected \(expected), found \(found)", at: here))
  }

  mutating func report(
    _ descriptor: DiagnosticDescriptor, _ message: String, at range: SourceRange,
    notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = []
  ) {
    diagnostics.append(Diagnostic(descriptor, message, at: range, notes: notes, help: help, fixIts: fixIts))
  }

  // MARK: - Declarations

  mutating func parseDeclarations() -> [Declaration] {
    let declarations = scratch.declarations
    let base = declarations.count
    while current.kind != .endOfFile {
      let before = index
      if let declaration = parseDeclaration() {
        declarations.push(declaration)
      } else {
        recoverToDeclaration()
      }
      if index == before { advance() }
    }
    return declarations.popArray(from: base)
  }

  /// True where a new declaration plausibly begins: the parser's resynchronisation point.
  func atDeclarationStart() -> Bool {
    switch current.kind {
    case .keyword(.import), .keyword(.let), .keyword(.param): return true
    case .identifier: return peek(1).kind == .identifier && peek(2).kind == .leftBrace
    default: return false
    }
  }

  mutating func recoverToDeclaration() {
    while current.kind != .endOfFile {
      if current.startsLine, atDeclarationStart() { return }
      if current.kind == .leftBrace || current.kind == .leftBracket || current.kind == .leftParen {
        skipBalanced()
      } else {
        advance()
      }
    }
  }

  /// Skips a bracketed group without recursion (it may be nested arbitrarily deep).
  mutating func skipBalanced() {
    var level = 0
    repeat {
      switch current.kind {
      case .leftBrace, .leftBracket, .leftParen: level += 1
      case .rightBrace, .rightBracket, .rightParen: level -= 1
      case .endOfFile: return
      default: break
      }
      advance()
    } while level > 0
  }

  mutating func parseDeclaration() -> Declaration? {
    let start = current.start
    switch current.kind {
    case .keyword(.import):
      advance()
      let token = current
      var path: String?
      if token.kind == .string {
        let literal = parseStringLiteral(token)
        path = literal.plainText
        if path == nil {
          report(SyntaxDiagnostics.unexpectedToken, "an import path cannot contain interpolation", at: range(token))
        }
      } else {
        unexpected("a quoted file path after `import`")
      }
      return .importDecl(ImportDecl(path: path, pathRange: range(token), range: range(from: start)))
    case .keyword(.let):
      advance()
      guard let name = parseIdentifier("a name after `let`") else { return nil }
      var type: TypeSyntax?
      if consume(.colon) { type = parseType() }
      guard expect(.equal, "`=` after the name in `let \(name.name)`") else { return nil }
      let value = parseExpression()
      return .letDecl(LetDecl(name: name, type: type, value: value, range: range(from: start)))
    case .keyword(.param):
      advance()
      guard let name = parseIdentifier("a name after `param`") else { return nil }
      var type: TypeSyntax?
      if expect(.colon, "`:` and a type after `param \(name.name)`") { type = parseType() }
      var defaultValue: Expr?
      if consume(.equal) { defaultValue = parseExpression() }
      return .paramDecl(ParamDecl(name: name, type: type, defaultValue: defaultValue, range: range(from: start)))
    case .identifier:
      guard peek(1).kind == .identifier else {
        unexpected("a declaration (`service name { … }`, `let`, `param` or `import`)")
        return nil
      }
      let kind = parseIdentifier("")!
      let name = parseIdentifier("")!
      guard current.kind == .leftBrace else {
        unexpected("`{` to open the body of \(kind.name) `\(name.name)`")
        return nil
      }
      let body = parseBlock(kind: kind, name: name)
      return .resourceDecl(ResourceDecl(kind: kind, name: name, body: body, range: range(from: start)))
    default:
      unexpected("a declaration (`service name { … }`, `let`, `param` or `import`)")
      return nil
    }
  }

  mutating func parseIdentifier(_ what: String) -> Identifier? {
    guard current.kind == .identifier else {
      unexpected(what)
      return nil
    }
    let identifier = Identifier(name: file.text(current.bytes), range: range(current))
    advance()
    return identifier
  }

  mutating func parseType() -> TypeSyntax? {
    let start = current.start
    guard let name = parseIdentifier("a type name such as `String` or `List<Port>`") else { return nil }
    var arguments: [TypeSyntax] = []
    if consume(.less) {
      guard enterNesting() else { return nil }
      defer { depth -= 1 }
      repeat {
        if let argument = parseType() { arguments.append(argument) } else { break }
      } while consume(.comma)
      _ = expect(.greater, "`>` to close the type arguments of `\(name.name)`")
    }
    return TypeSyntax(name: name, arguments: arguments, range: range(from: start))
  }

  /// `{ entry* }`. A block missing its `}` ends where the next declaration starts, reported
  /// with a note at the opening brace.
  mutating func parseBlock(kind: Identifier, name: Identifier) -> Block {
    let open = current
    advance()
    let entries = scratch.entries
    let base = entries.count
    while true {
      while consume(.comma) || consume(.semicolon) {}
      if consume(.rightBrace) { break }
      if current.kind == .endOfFile || (current.startsLine && atDeclarationStart()) {
        report(
          SyntaxDiagnostics.unclosedDelimiter, "expected `}` to close the body of \(kind.name) `\(name.name)`",
          at: range(current), notes: [DiagnosticNote("the body opens here", at: range(open))])
        break
      }
      let before = index
      if let entry = parseEntry() {
        entries.push(entry)
      } else {
        recoverToEntry(from: before)
      }
    }
    return Block(entries: entries.popArray(from: base), range: range(from: open.start))
  }

  mutating func parseEntry() -> Entry? {
    let start = current.start
    guard current.kind == .identifier else {
      unexpected("a field name")
      return nil
    }
    var path = [parseIdentifier("")!]
    while consume(.dot) {
      guard let next = parseIdentifier("a field name after `.`") else { return nil }
      path.append(next)
    }
    guard current.kind == .equal else {
      if current.kind == .colon {
        report(
          SyntaxDiagnostics.unexpectedToken,
          "expected `=` after `\(path.map(\.name).joined(separator: "."))`, found `:`",
          at: range(current), help: "block entries use `=`; `:` is for map entries",
          fixIts: [FixIt("replace `:` with ` =`", range: range(current), replacement: " =")])
        advance()
      } else {
        unexpected("`=` after `\(path.map(\.name).joined(separator: "."))`")
        return nil
      }
      let value = parseExpression()
      return Entry(path: path, value: value, range: range(from: start))
    }
    advance()
    // `replicas =` at the end of a line, followed by the next entry: the value is missing. Without
    // this, the next entry's name would be taken as the value.
    if current.kind == .rightBrace
      || (current.startsLine && current.kind == .identifier && [.equal, .colon, .dot].contains(peek(1).kind))
    {
      let equals = tokens[index - 1]
      report(SyntaxDiagnostics.unexpectedToken, "expected a value after `=`", at: range(equals))
      return Entry(path: path, value: Expr(.missing, range(equals)), range: range(from: start))
    }
    let value = parseExpression()
    return Entry(path: path, value: value, range: range(from: start))
  }

  /// Skips to the next entry: a name at the start of a line, a `}` closing this block, or a new
  /// declaration.
  mutating func recoverToEntry(from start: Int) {
    if current.kind == .rightBrace || current.kind == .endOfFile { return }
    if index == start { advance() }
    while current.kind != .endOfFile && current.kind != .rightBrace {
      if current.startsLine && (current.kind == .identifier || atDeclarationStart()) { return }
      if current.kind == .leftBrace || current.kind == .leftBracket || current.kind == .leftParen {
        skipBalanced()
      } else {
        advance()
      }
    }
  }

  // MARK: - Expressions

  mutating func enterNesting() -> Bool {
    if depth >= Self.maximumDepth {
      if !reportedDepth {
        report(
          SyntaxDiagnostics.nestingTooDeep, "nesting is deeper than \(Self.maximumDepth) levels", at: range(current))
        reportedDepth = true
      }
      return false
    }
    depth += 1
    return true
  }

  /// `expression = primary [ "->" primary ] ;`
  public mutating func parseExpression() -> Expr {
    let start = current.start
    guard enterNesting() else {
      if current.kind == .leftBrace || current.kind == .leftBracket || current.kind == .leftParen {
        skipBalanced()
      } else {
        advance()
      }
      return Expr(.missing, range(from: start))
    }
    defer { depth -= 1 }
    var first = parsePrimary()
    // `a + b + c`: joins lists, merges maps, concatenates strings (left to right).
    while current.kind == .plus {
      advance()
      let second = parsePrimary()
      first = Expr(.plus(first, second), range(from: start))
    }
    if consume(.arrow) {
      let second = parsePrimary()
      return Expr(.portMapping(first, second), range(from: start))
    }
    return first
  }

  mutating func parsePrimary() -> Expr {
    let token = current
    let start = token.start
    switch token.kind {
    case .string:
      return Expr(.string(parseStringLiteral(token)), range(token))
    case .integer, .decimal, .unitNumber, .fileMode:
      advance()
      return NumberLiteralParser.parse(token, negative: false, file: file, diagnostics: &diagnostics)
    case .minus:
      advance()
      let number = current
      guard [.integer, .decimal, .unitNumber].contains(number.kind) else {
        unexpected("a number after `-`")
        return Expr(.missing, range(from: start))
      }
      advance()
      var expr = NumberLiteralParser.parse(number, negative: true, file: file, diagnostics: &diagnostics)
      expr.range = range(from: start)
      return expr
    case .keyword(.true):
      advance()
      return Expr(.bool(true), range(token))
    case .keyword(.false):
      advance()
      return Expr(.bool(false), range(token))
    case .keyword(.byEnv):
      advance()
      guard current.kind == .leftBrace else {
        unexpected("`{` after `by_env`")
        return Expr(.missing, range(from: start))
      }
      return Expr(.byEnv(parseMapEntries()), range(from: start))
    case .identifier:
      let name = parseIdentifier("")!
      if current.kind == .leftParen { return parseCall(name) }
      var path = [name]
      while current.kind == .dot {
        advance()
        guard let next = parseIdentifier("a field name after `.`") else { break }
        path.append(next)
      }
      return Expr(.reference(path), range(from: start))
    case .leftBracket:
      return parseList()
    case .leftBrace:
      return Expr(.map(parseMapEntries()), range(from: start))
    default:
      unexpected("a value")
      // Leave closers and the next declaration to the caller; skip anything else.
      switch token.kind {
      case .rightBrace, .rightBracket, .rightParen, .endOfFile: break
      default: if !(token.startsLine && atDeclarationStart()) { advance() }
      }
      return Expr(.missing, range(token))
    }
  }

  mutating func parseCall(_ name: Identifier) -> Expr {
    let open = current
    advance()
    let arguments = scratch.arguments
    let base = arguments.count
    while current.kind != .rightParen {
      if current.kind == .endOfFile || current.kind == .rightBrace || current.kind == .rightBracket
        || (current.startsLine && atDeclarationStart())
      {
        report(
          SyntaxDiagnostics.unclosedDelimiter, "expected `)` to close the arguments of `\(name.name)`",
          at: range(current), notes: [DiagnosticNote("the arguments open here", at: range(open))])
        return Expr(.call(name, arguments.popArray(from: base)), range(from: name.range.start))
      }
      var label: Identifier?
      if current.kind == .identifier, peek(1).kind == .colon {
        label = parseIdentifier("")
        advance()
      }
      let before = index
      arguments.push(Argument(label: label, value: parseExpression()))
      if index == before { advance() }
      if !consume(.comma) && current.kind != .rightParen {
        unexpected("`,` or `)` in the arguments of `\(name.name)`")
        recoverInside(closer: .rightParen)
      }
    }
    advance()
    return Expr(.call(name, arguments.popArray(from: base)), range(from: name.range.start))
  }

  mutating func parseList() -> Expr {
    let open = current
    advance()
    let items = scratch.items
    let base = items.count
    while current.kind != .rightBracket {
      if current.kind == .endOfFile || (current.startsLine && atDeclarationStart()) || current.kind == .rightBrace {
        report(
          SyntaxDiagnostics.unclosedDelimiter, "expected `]` to close the list", at: range(current),
          notes: [DiagnosticNote("the list opens here", at: range(open))])
        return Expr(.list(items.popArray(from: base)), range(from: open.start))
      }
      let before = index
      items.push(parseExpression())
      if index == before { advance() }
      // Elements are separated by commas; a line break also separates them.
      if !consume(.comma) && current.kind != .rightBracket && !current.startsLine {
        unexpected("`,` or `]` in the list")
        recoverInside(closer: .rightBracket)
      }
    }
    advance()
    return Expr(.list(items.popArray(from: base)), range(from: open.start))
  }

  /// `{ key: value, … }` — used by map literals and `by_env`.
  mutating func parseMapEntries() -> [MapEntry] {
    let open = current
    advance()
    let entries = scratch.mapEntries
    let base = entries.count
    while current.kind != .rightBrace {
      if current.kind == .endOfFile || (current.startsLine && atDeclarationStart()) {
        report(
          SyntaxDiagnostics.unclosedDelimiter, "expected `}` to close the map", at: range(current),
          notes: [DiagnosticNote("the map opens here", at: range(open))])
        return entries.popArray(from: base)
      }
      let keyToken = current
      let before = index
      let key: String
      var quoted = false
      var interpolatedKey: StringLiteral?
      switch keyToken.kind {
      case .identifier:
        key = file.text(keyToken.bytes)
        advance()
      case .string:
        let literal = parseStringLiteral(keyToken)
        if let text = literal.plainText {
          key = text
        } else {
          key = ""
          interpolatedKey = literal
        }
        quoted = true
      case .integer:
        key = file.text(keyToken.bytes)
        quoted = true
        advance()
      default:
        unexpected("a map key (a name, a quoted string or a number)")
        recoverInside(closer: .rightBrace)
        if index == before { advance() }
        continue
      }
      if current.kind == .equal {
        report(
          SyntaxDiagnostics.unexpectedToken, "expected `:` after the map key `\(key)`, found `=`", at: range(current),
          help: "map entries use `:`; `=` is for block entries",
          fixIts: [FixIt("replace `=` with `:`", range: range(current), replacement: ":")])
        advance()
      } else if !expect(.colon, "`:` after the map key `\(key)`") {
        recoverInside(closer: .rightBrace)
        continue
      }
      let value = parseExpression()
      entries.push(
        MapEntry(
          key: key, keyRange: range(keyToken), keyIsQuoted: quoted, interpolatedKey: interpolatedKey, value: value))
      if !consume(.comma) && current.kind != .rightBrace && !current.startsLine {
        unexpected("`,` or `}` in the map")
        recoverInside(closer: .rightBrace)
      }
    }
    advance()
    return entries.popArray(from: base)
  }

  /// Inside a list, map or call: skip to the next element (after a comma or line break) or the closer.
  mutating func recoverInside(closer: TokenKind) {
    while current.kind != .endOfFile && current.kind != closer {
      if current.kind == .comma {
        advance()
        return
      }
      if current.startsLine && atDeclarationStart() { return }
      if current.kind == .leftBrace || current.kind == .leftBracket || current.kind == .leftParen {
        skipBalanced()
      } else {
        advance()
      }
      if current.startsLine { return }
    }
  }

  // MARK: - Strings

  /// Builds the literal from the lexer's segments, parsing each `${…}` as an expression.
  mutating func parseStringLiteral(_ token: Token) -> StringLiteral {
    advance()
    let payload = tokens.takeString(token.payload)
    if payload.segments.count == 1, case .text(let text, _) = payload.segments[0] {
      return StringLiteral(text: text, isMultiline: payload.isMultiline)
    }
    var parts: [StringLiteral.Part] = []
    for segment in payload.segments {
      switch segment {
      case .text(let text, _):
        parts.append(.text(text))
      case .interpolation(let bytes):
        parts.append(.interpolation(parseInterpolation(bytes)))
      }
    }
    return StringLiteral(parts: parts, isMultiline: payload.isMultiline)
  }

  mutating func parseInterpolation(_ bytes: Range<Int>) -> Expr {
    let (lexed, lexDiagnostics) = Lexer.lex(file, range: bytes)
    var inner = Parser(file: file, lexed: lexed, diagnostics: lexDiagnostics, depth: depth + 1, scratch: scratch)
    let expr: Expr
    if inner.current.kind == .endOfFile {
      inner.report(
        SyntaxDiagnostics.unexpectedToken, "empty interpolation",
        at: SourceRange(file: file, start: bytes.lowerBound - 2, end: bytes.upperBound + 1))
      expr = Expr(.missing, SourceRange(file: file, bytes))
    } else {
      expr = inner.parseExpression()
      if inner.current.kind != .endOfFile { inner.unexpected("`}` to end the interpolation") }
    }
    diagnostics.append(contentsOf: inner.diagnostics)
    return expr
  }
}
