import IaCBasics

/// Words the grammar reserves. Resource kinds (`service`, `host`…) are not keywords: they come
/// from the schemas, so the parser accepts any identifier there and the checker validates it.
public enum Keyword: String, Sendable, CaseIterable {
  case `import`, `let`, param, `true`, `false`, byEnv = "by_env"
}

public enum TokenKind: Sendable, Equatable {
  case identifier
  case keyword(Keyword)
  /// Digits only: `42`, `8_080`.
  case integer
  /// Digits with a fraction: `0.5`.
  case decimal
  /// A number with a unit suffix: `512Mi`, `30s`, `500m`, `1.5Gi`.
  case unitNumber
  /// `0o644`.
  case fileMode
  /// A string literal; its decoded parts are in `LexedFile.strings[payload]`.
  case string
  case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
  case comma, semicolon, colon, equal, dot, arrow, minus, plus, less, greater
  /// Bytes that start no token. Already reported by the lexer.
  case invalid
  case endOfFile

  /// How the token is named in "expected X, found Y" messages.
  public var displayName: String {
    switch self {
    case .identifier: return "identifier"
    case .keyword(let keyword): return "keyword `\(keyword.rawValue)`"
    case .integer, .decimal: return "number"
    case .unitNumber: return "number with unit"
    case .fileMode: return "file mode"
    case .string: return "string"
    case .leftBrace: return "`{`"
    case .rightBrace: return "`}`"
    case .leftBracket: return "`[`"
    case .rightBracket: return "`]`"
    case .leftParen: return "`(`"
    case .rightParen: return "`)`"
    case .comma: return "`,`"
    case .semicolon: return "`;`"
    case .colon: return "`:`"
    case .equal: return "`=`"
    case .dot: return "`.`"
    case .arrow: return "`->`"
    case .minus: return "`-`"
    case .plus: return "`+`"
    case .less: return "`<`"
    case .greater: return "`>`"
    case .invalid: return "invalid character"
    case .endOfFile: return "end of file"
    }
  }
}

/// 16 bytes: a large file has a token per five bytes of source, and all of them are alive while
/// it is parsed. Offsets fit 32 bits because sources are limited to 1 GiB.
public struct Token: Sendable, Equatable {
  public var kind: TokenKind
  /// A line break (or the start of the file) comes between the previous token and this one.
  public var startsLine: Bool
  private var startOffset: UInt32
  private var endOffset: UInt32
  /// Index into `LexedFile.strings` for string tokens; -1 otherwise.
  public var payload: Int32

  public init(kind: TokenKind, start: Int, end: Int, startsLine: Bool, payload: Int32) {
    self.kind = kind
    self.startsLine = startsLine
    self.startOffset = UInt32(clamping: start)
    self.endOffset = UInt32(clamping: end)
    self.payload = payload
  }

  public var start: Int { Int(startOffset) }
  public var end: Int { Int(endOffset) }
  public var bytes: Range<Int> { start..<end }
}

/// A piece of a string literal: decoded text, or the source of an interpolated expression.
public enum StringSegment: Sendable, Equatable {
  case text(String, Range<Int>)
  /// The byte range of the expression between `${` and `}`.
  case interpolation(Range<Int>)
}

public struct StringPayload: Sendable, Equatable {
  public var segments: [StringSegment]
  public var isMultiline: Bool
}

/// What the lexer makes of one file (or one interpolation inside it).
public struct LexedFile: Sendable {
  public var tokens: [Token]
  public var strings: [StringPayload]
  /// Comment ranges, kept for the formatter: every byte of the input finds its way somewhere.
  public var comments: [Range<Int>]
}
