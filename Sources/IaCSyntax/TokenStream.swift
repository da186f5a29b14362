import IaCBasics

/// The parser's tokens: every token of a lexed file, or tokens lexed as the parser reaches them.
/// Streamed, only a window of them is held: the parser moves forward only, looks back one token
/// and ahead two. A whole file's tokens (16 bytes each, 22 MiB for a 5.7 MB program) were the
/// peak of checking it.
struct TokenStream {
  /// Lexes the rest of a streamed file. Its `tokens` are the window: the tokens from absolute
  /// index `offset` on, the end-of-file token last once it is lexed. (A lexed file's lexer holds
  /// all of them and is finished.)
  private var lexer: Lexer
  private var offset = 0
  private var finished: Bool
  private let streaming: Bool

  /// Tokens looked at beyond the current one (`Parser.peek`).
  static let lookahead = 2
  /// How many consumed tokens are let pile up before they are dropped in one move.
  static let dropEvery = 4_096
  /// How far ahead the lexer runs once the parser needs more.
  static let batch = 512

  init(lexed: LexedFile, file: SourceFile) {
    lexer = Lexer(file: file, range: 0..<0)
    lexer.tokens = lexed.tokens
    lexer.strings = lexed.strings
    lexer.comments = lexed.comments
    finished = true
    streaming = false
    padEnd()
  }

  init(streaming lexer: Lexer) {
    self.lexer = lexer
    self.lexer.tokens.reserveCapacity(Self.dropEvery + Self.batch + 8)
    finished = false
    streaming = true
    fill(through: Self.batch)
  }

  /// The token at absolute `index` (not before the last one dropped); the end-of-file token
  /// beyond the end.
  @inline(__always)
  subscript(index: Int) -> Token {
    // The window always reaches `lookahead` past the current token: once the file has ended, copies
    // of the end-of-file token stand beyond it.
    lexer.tokens[index &- offset]
  }

  /// The index after `index`, staying on the end-of-file token; drops tokens long consumed.
  @inline(__always)
  mutating func advance(from index: Int) -> Int {
    guard self[index].kind != .endOfFile else { return index }
    let next = index + 1
    if streaming {
      // Keep the token before `next` (ranges end at it) and drop the rest of those behind.
      if next - 1 - offset >= Self.dropEvery {
        lexer.tokens.removeFirst(next - 1 - offset)
        offset = next - 1
      }
      // Lexed in batches: lexing a run of tokens at a time is faster than one per step.
      if offset + lexer.tokens.count <= next + Self.lookahead { fill(through: next + Self.batch) }
    }
    return next
  }

  /// The payload of a string token, moved out: a string token is parsed once, as the parser
  /// consumes it, and its text then lives in the syntax tree alone (holding every payload of a
  /// file until the end of its parse, then freeing them, was a fourteenth of parsing).
  mutating func takeString(_ payload: Int32) -> StringPayload {
    let index = Int(payload)
    var taken = StringPayload(segments: [], isMultiline: false)
    swap(&taken, &lexer.strings[index])
    return taken
  }

  /// After parsing: the comments and the lexer's diagnostics (none for a lexed file: its caller
  /// has them).
  var comments: [Range<Int>] { lexer.comments }
  var lexerDiagnostics: [Diagnostic] { streaming ? lexer.diagnostics : [] }

  /// Lexes until the token at absolute `index` exists or the file has ended.
  private mutating func fill(through index: Int) {
    while !finished, offset + lexer.tokens.count <= index {
      finished = !lexer.lexNext()
      if finished { padEnd() }
    }
  }

  /// Copies of the end-of-file token after it, for the lookahead.
  private mutating func padEnd() {
    guard let last = lexer.tokens.last else { return }
    for _ in 0..<Self.lookahead { lexer.tokens.append(last) }
  }
}
