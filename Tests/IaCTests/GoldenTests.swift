import Foundation
import IaCBasics
import IaCCheck
import IaCDriver
import IaCSyntax
import Testing

/// Golden files pin the parser's tree and the exact diagnostics a user sees, text, JSON and SARIF.
/// Rewrite with `IACC_UPDATE_GOLDENS=1 swift test` and review the diff.
@Suite struct GoldenTests {
  static let parserCases = TestSupport.files(in: "parser", withExtension: "iac")
  static let diagnosticCases = TestSupport.files(in: "diagnostics", withExtension: "iac")

  /// Loads a fixture under a short, stable display path (`parser/declarations.iac`).
  func load(_ url: URL) -> (Program, [Diagnostic]) {
    let display = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
    let bytes = [UInt8](FileManager.default.contents(atPath: url.path) ?? Data())
    return ProgramLoader.load([display], provider: MemorySources(bytes: [display: bytes]))
  }

  @Test(arguments: parserCases)
  func parserTree(_ url: URL) {
    let (program, loadDiagnostics) = load(url)
    let syntaxDiagnostics = loadDiagnostics.filter { $0.code.id.hasPrefix("E01") || $0.code.id.hasPrefix("E02") }
    var text = SyntaxDumper.dump(program.files[0])
    if !syntaxDiagnostics.isEmpty {
      text += "\n// diagnostics\n" + TextDiagnosticRenderer(useColor: false).render(syntaxDiagnostics)
    }
    TestSupport.assertGolden(text, url.deletingPathExtension().appendingPathExtension("ast"))
  }

  @Test(arguments: diagnosticCases)
  func renderedDiagnostics(_ url: URL) {
    let (program, loadDiagnostics) = load(url)
    let result = Checker.check(program, loadDiagnostics: loadDiagnostics)
    let renderer = TextDiagnosticRenderer(useColor: false)
    let errors = result.diagnostics.count { $0.severity == .error }
    let warnings = result.diagnostics.count { $0.severity == .warning }
    let text = renderer.render(result.diagnostics) + renderer.summary(errors: errors, warnings: warnings)
    TestSupport.assertGolden(text, url.deletingPathExtension().appendingPathExtension("txt"))
    TestSupport.assertGolden(
      JSONDiagnosticRenderer.render(result.diagnostics), url.deletingPathExtension().appendingPathExtension("json"))
    TestSupport.assertGolden(
      SARIFDiagnosticRenderer.render(result.diagnostics, catalog: Frontend.catalog, toolVersion: "0.0.0-test"),
      url.deletingPathExtension().appendingPathExtension("sarif"))
  }

  @Test func colouredOutputUsesANSIOnlyWhenAsked() {
    let result = checkSources(["main.iac": "let a = b\n"])
    let plain = TextDiagnosticRenderer(useColor: false).render(result.diagnostics)
    let coloured = TextDiagnosticRenderer(useColor: true).render(result.diagnostics)
    #expect(!plain.contains("\u{1B}["))
    #expect(coloured.contains("\u{1B}[1;31merror[E0303]"))
  }
}
