import Foundation
import IaCBasics
import IaCSyntax
import Testing

/// `iacc fmt`: a hand-checked golden file, and two properties over every .iac file in the repository
/// (formatting changes no token, no line start and no comment; formatting twice changes nothing).
@Suite struct FormatterTests {
  static let fixture = TestSupport.fixtures.appendingPathComponent("format/messy.iac")

  /// Every .iac file under examples/ and the test fixtures.
  static let repositoryFiles: [String] = ["examples", "Tests/IaCTests/Fixtures"].flatMap { folder in
    ValidatorTests.files(under: TestSupport.packageRoot.appendingPathComponent(folder)) { $0.hasSuffix(".iac") }
      .map { "\(folder)/\($0)" }
  }

  static func format(_ text: String, path: String = "file.iac") -> String? {
    Formatter.format(SourceFile(path: path, text: text)).formatted.map { String(decoding: $0, as: UTF8.self) }
  }

  @Test func messyFileMatchesTheHandCheckedGolden() throws {
    let formatted = try #require(Self.format(try String(contentsOf: Self.fixture, encoding: .utf8)))
    TestSupport.assertGolden(formatted, Self.fixture.deletingPathExtension().appendingPathExtension("formatted.iac"))
  }

  /// What the parser sees: each token's text and whether it starts a line, and each comment's text
  /// (without trailing spaces, which the formatter drops).
  static func shape(_ text: String) -> [String] {
    let file = SourceFile(path: "file.iac", text: text)
    let lexed = Lexer.lex(file).0
    let tokens = lexed.tokens.map { token in
      (token.startsLine ? "\n" : "") + String(decoding: file.bytes[token.bytes], as: UTF8.self)
    }
    let comments = lexed.comments.map { range in
      var comment = String(decoding: file.bytes[range], as: UTF8.self)
      while comment.last == " " || comment.last == "\t" { comment.removeLast() }
      return "comment " + comment
    }
    return tokens + comments
  }

  @Test(arguments: repositoryFiles)
  func formattingKeepsTheProgramAndIsIdempotent(_ path: String) throws {
    let text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(path), encoding: .utf8)
    guard let once = Self.format(text, path: path) else {
      // Only files with syntax errors are refused; they must really have one.
      #expect(Parser.parse(SourceFile(path: path, text: text)).1.contains { $0.severity == .error })
      return
    }
    #expect(Self.shape(once) == Self.shape(text))
    #expect(Self.format(once, path: path) == once, "formatting \(path) twice changed it")
    #expect(!once.contains(" \n") && once.hasSuffix("\n") && !once.contains("\n\n\n"))
  }

  @Test func theExamplesAreFormatted() throws {
    // examples/broken is left as it is: README quotes its diagnostics, columns included.
    let result = try Iacc.run(["fmt", "--check", "examples/lab", "examples/research-lab", "examples/swift-dsl"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  @Test func fmtRewritesInPlaceAndCheckChangesNothing() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-fmt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let messy = try String(contentsOf: Self.fixture, encoding: .utf8)
    let file = folder.appendingPathComponent("messy.iac")
    let broken = folder.appendingPathComponent("broken.iac")
    try messy.write(to: file, atomically: true, encoding: .utf8)
    try "service web {   image = \"nginx:1.27\"\n".write(to: broken, atomically: true, encoding: .utf8)

    let check = try Iacc.run(["fmt", "--check", folder.path])
    #expect(check.status == 1)
    #expect(check.stdout.contains("messy.iac: not formatted"))
    #expect(check.stderr.contains("broken.iac:2:1: error["), "\(check.stderr)")
    #expect(try String(contentsOf: file, encoding: .utf8) == messy)

    let rewrite = try Iacc.run(["fmt", file.path])
    #expect(rewrite.status == 0 && rewrite.stdout == "\(file.path)\n")
    #expect(try String(contentsOf: file, encoding: .utf8) == Self.format(messy))
    #expect(try Iacc.run(["fmt", "--check", file.path]).status == 0)
    // A file that does not parse is reported and never rewritten.
    #expect(try Iacc.run(["fmt", broken.path]).status == 1)
    #expect(try String(contentsOf: broken, encoding: .utf8) == "service web {   image = \"nginx:1.27\"\n")
  }
}
