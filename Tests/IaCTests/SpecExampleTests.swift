import Foundation
import IaCDriver
import Testing

/// Every example in spec/language.md is executed, so the spec cannot drift from the checker:
/// ```iac blocks must check cleanly, ```iac-invalid blocks must report at least one error.
@Suite struct SpecExampleTests {
  struct Example: CustomTestStringConvertible, Sendable {
    var line: Int
    var source: String
    var valid: Bool
    var testDescription: String { "spec/language.md:\(line)" }
  }

  static let examples: [Example] = {
    let url = TestSupport.packageRoot.appendingPathComponent("spec/language.md")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    var examples: [Example] = []
    var current: Example?
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if var example = current {
        if line.trimmingCharacters(in: .whitespaces) == "```" {
          examples.append(example)
          current = nil
        } else {
          example.source += line + "\n"
          current = example
        }
      } else if line.hasPrefix("```iac-invalid") {
        current = Example(line: index + 1, source: "", valid: false)
      } else if line.trimmingCharacters(in: .whitespaces) == "```iac" {
        current = Example(line: index + 1, source: "", valid: true)
      }
    }
    return examples
  }()

  @Test func theSpecHasExamples() {
    #expect(Self.examples.count >= 20)
  }

  @Test(arguments: examples)
  func example(_ example: Example) {
    let result = checkSources(["example.iac": example.source])
    let errors = result.diagnostics.filter { $0.severity == .error }
    if example.valid {
      #expect(errors.isEmpty, "\(errors.map { "\($0.code) \($0.message)" })")
    } else {
      #expect(!errors.isEmpty, "an iac-invalid example must fail")
    }
  }
}
