import Foundation
import IaCBasics
import Testing

@testable import IaCSyntax

/// The parser pulls its tokens from the lexer as it goes and holds only a window of them. Parsing
/// every token lexed first is the oracle: the same tree, the same comments and the same
/// diagnostics, in the same order, for random token soup, long programs that slide the window many
/// times, and the examples.
@Suite struct TokenStreamTests {
  static func expectSameParse(_ bytes: [UInt8], _ label: String) {
    let file = SourceFile(path: "stream.iac", bytes: bytes)
    let (streamed, streamedDiagnostics) = Parser.parse(file)
    let (whole, wholeDiagnostics) = Parser.parseLexedWhole(file)
    #expect(SyntaxDumper.dump(streamed) == SyntaxDumper.dump(whole), "\(label): tree")
    #expect(streamed.comments == whole.comments, "\(label): comments")
    #expect(streamedDiagnostics.map(\.code) == wholeDiagnostics.map(\.code), "\(label): diagnostic codes")
    #expect(streamedDiagnostics.map(\.message) == wholeDiagnostics.map(\.message), "\(label): messages")
    #expect(streamedDiagnostics.map(\.range) == wholeDiagnostics.map(\.range), "\(label): ranges")
  }

  /// An integer literal read from its bytes is the value Swift reads from its text, and only a
  /// plain one is read so (digits alone, no leading zero, at most 18): anything else, an
  /// underscore, a leading zero, 19 digits that may overflow, is left to the general path.
  @Test func plainIntegersReadAsSwiftReadsThem() {
    var generator = PropertyTests.SeededGenerator(state: 77)
    for _ in 0..<20_000 {
      let text = String(
        (0..<Int.random(in: 1...21, using: &generator)).map { _ in "0123456789_".randomElement(using: &generator)! })
      let negative = Bool.random(using: &generator)
      let plain = text.count <= 18 && !text.contains("_") && (text.count == 1 || !text.hasPrefix("0"))
      let read = NumberLiteralParser.plainInteger(Array(text.utf8)[...], negative: negative)
      #expect(read == (plain ? Int((negative ? "-" : "") + text) : nil), "\(text)")
    }
    #expect(
      NumberLiteralParser.plainInteger(Array("999999999999999999".utf8)[...], negative: true)
        == -999_999_999_999_999_999)
  }

  /// A number with a unit read from its bytes is what the general path reads, with no diagnostic,
  /// for random magnitudes (dots, underscores, leading zeros) and suffixes (units and not).
  @Test func plainUnitNumbersReadAsTheGeneralPathReadsThem() {
    var generator = PropertyTests.SeededGenerator(state: 78)
    let suffixes = NumberUnit.allCases.map(\.rawValue) + ["mb", "MiB", "sec", "x", "mn", "Kib", "é"]
    var plain = 0
    for _ in 0..<20_000 {
      let magnitude = String(
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in "0012345.9_".randomElement(using: &generator)! })
      let text = magnitude + suffixes.randomElement(using: &generator)!
      let negative = Bool.random(using: &generator)
      let file = SourceFile(path: "n.iac", bytes: Array(text.utf8))
      let token = Token(kind: .unitNumber, start: 0, end: text.utf8.count, startsLine: true, payload: -1)
      guard let read = NumberLiteralParser.plainUnitNumber(file.bytes[...], negative: negative) else { continue }
      plain += 1
      var diagnostics: [Diagnostic] = []
      let general = NumberLiteralParser.parseInGeneral(token, negative: negative, file: file, diagnostics: &diagnostics)
      guard case .unitNumber(let literal) = general.kind else {
        Issue.record("\(text): the general path does not read a number")
        continue
      }
      #expect(literal == read && diagnostics.isEmpty, "\(text)")
    }
    #expect(plain > 2_000)
  }

  /// A unit read from its bytes is the unit its text names, for every unit and for random short
  /// texts of the letters units are made of (and others).
  @Test func unitsReadFromBytesAsFromText() {
    var generator = PropertyTests.SeededGenerator(state: 79)
    let texts =
      NumberUnit.allCases.map(\.rawValue)
      + (0..<5_000).map { _ in
        String(
          (0..<Int.random(in: 0...4, using: &generator)).map { _ in "BKMGTPimsnhdxé\0".randomElement(using: &generator)!
          }
        )
      }
    for text in texts {
      #expect(NumberUnit(suffix: Array(text.utf8)[...]) == NumberUnit(rawValue: text), "\(text)")
    }
  }

  /// The encoding check skips eight bytes at a time exactly when each is ASCII and not NUL, for
  /// random words of mostly ASCII, some NUL and some high bytes.
  @Test func asciiWordsAreToldByteForByte() {
    var generator = PropertyTests.SeededGenerator(state: 80)
    let choices: [UInt8] = [0, 1, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x41, 0x0A]
    for _ in 0..<20_000 {
      let bytes = (0..<11).map { _ in
        Bool.random(using: &generator)
          ? UInt8.random(in: 0x20...0x7E, using: &generator) : choices.randomElement(using: &generator)!
      }
      let at = Int.random(in: 0...3, using: &generator)
      #expect(
        Lexer.asciiWithoutNUL(bytes, at: at) == bytes[at..<at + 8].allSatisfy { $0 != 0 && $0 < 0x80 }, "\(bytes)")
    }
  }

  @Test(arguments: 0..<60) func randomTokenStreamsParseTheSame(seed: UInt64) {
    // Up to about 15,000 tokens: the window slides several times.
    let length = seed % 3 == 0 ? 12_000 : Int(seed) * 7 + 1
    Self.expectSameParse(PropertyTests.randomProgram(seed: seed &+ 90_000, length: length), "seed \(seed)")
  }

  /// A well-formed program of 3,000 services with interpolations, comments and multi-line strings:
  /// every construct crosses a window boundary somewhere.
  @Test func longProgramsParseTheSame() {
    var text = "// a long program\nparam region: String = \"eu\"\n"
    for index in 0..<3_000 {
      text += """
        service svc-\(index) {
          image = "registry.lab/app-\(index):1.\(index % 7)"  # version
          env = { REGION: "${region}-\(index)", PEER: "${svc-\(max(0, index - 1)).image}" }
          ports = [\(8000 + index % 1000) -> 80]
          /* block */ replicas = \(index % 3 + 1)
        }

        """
      if index % 500 == 0 {
        text += "config note-\(index) { content = \"\"\"\n    line one\n    line two\n    \"\"\" }\n"
      }
    }
    Self.expectSameParse(Array(text.utf8), "long program")
  }

  /// Recovery looks two tokens ahead (`name name {` starts a declaration): an unclosed block, a
  /// stray token and a bad entry, each followed by declarations, at the start and deep into a file.
  @Test(arguments: [0, 5_000])
  func recoveryLooksAheadTheSame(padding: Int) {
    let before = String(repeating: "let x = 1\n", count: padding)
    let text =
      before
      + "service a {\n  image = \nservice b { image = \"x\" }\n"
      + "oops !\nhost h1 { address = \"10.0.0.1\" }\n"
      + "service c { image = = }\nservice d {\nstack s { services = [c, d] }\n"
    Self.expectSameParse(Array(text.utf8), "padding \(padding)")
    // And the streamed parse does find `host h1` after the stray tokens, by looking two ahead.
    let (syntax, _) = Parser.parse(SourceFile(path: "r.iac", bytes: Array(text.utf8)))
    #expect(SyntaxDumper.dump(syntax).contains("ResourceDecl host h1"))
  }

  @Test(arguments: ["examples/lab", "examples/research-lab", "examples/broken"])
  func examplesParseTheSame(folder: String) throws {
    let paths = FileSystem.findSources(under: TestSupport.packageRoot.appendingPathComponent(folder).path)
    #expect(!paths.isEmpty)
    for path in paths where path.hasSuffix(".iac") {
      Self.expectSameParse(try FileSystem.readFile(path).get(), path)
    }
  }
}
