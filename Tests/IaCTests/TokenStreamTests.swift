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
