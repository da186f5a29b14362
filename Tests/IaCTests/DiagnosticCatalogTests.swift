import Foundation
import IaCDriver
import Testing

/// Diagnostic codes are an interface: unique, documented, explained.
@Suite struct DiagnosticCatalogTests {
  @Test func codesAreUniqueAndWellFormed() {
    let codes = Frontend.catalog.map(\.code.id)
    #expect(codes.count == Set(codes).count)
    for descriptor in Frontend.catalog {
      let prefix = descriptor.severity == .error ? "E" : "W"
      #expect(descriptor.code.id.hasPrefix(prefix) && descriptor.code.id.count == 5, "\(descriptor.code)")
      #expect(!descriptor.explanation.isEmpty)
    }
  }

  @Test func specListsEveryCode() throws {
    let spec = try String(
      contentsOf: TestSupport.packageRoot.appendingPathComponent("spec/diagnostics.md"), encoding: .utf8)
    for descriptor in Frontend.catalog {
      #expect(
        spec.contains("| `\(descriptor.code)` | \(descriptor.severity.rawValue) | \(descriptor.title) |"),
        "\(descriptor.code) missing from spec/diagnostics.md")
    }
  }
}
