import Foundation
import IaCDriver
import IaCModel
import Testing

/// The schemas are the single source of truth; everything derived from them must agree.
@Suite struct SchemaTests {
  @Test func resourcesMarkdownIsCurrent() throws {
    let committed = try String(
      contentsOf: TestSupport.packageRoot.appendingPathComponent("spec/resources.md"), encoding: .utf8)
    #expect(committed == Frontend.schemaMarkdown(), "spec/resources.md is stale: run `make schema`")
  }

  @Test func everyFieldIsDocumentedAndEveryKindHasASchema() {
    #expect(Set(Schemas.all.map(\.kind)) == Set(ResourceKind.allCases))
    for schema in Schemas.all {
      for field in schema.fields {
        #expect(!field.doc.isEmpty, "\(schema.kind).\(field.name) has no doc")
        #expect(field.name == field.name.lowercased(), "field names are snake_case")
      }
    }
  }

  /// A resource of each kind with only its required fields: every default in the schemas must
  /// check, since defaults are written in .iac and evaluated like user input.
  @Test func everyDefaultChecks() {
    let result = checkSources([
      "main.iac": """
      host h { address = "10.0.0.1"  files = { "/etc/x": { content: "x" } }  services = { s: {} }  users = { u: {} } }
      secret s { from = env("S") }
      config c { data = { k: "v" } }
      volume v {}
      network n {}
      service a {
        image = "a:1"
        health = http("/", 80)
        volumes = { "/t": tmpfs(), "/b": bind("/srv") }
        ports = [{ target: 53 }]
        ingress = { host: "a.lab" }
      }
      stack st { services = [a] }
      environment e { stacks = { st: kubernetes("lab") } }
      """
    ])
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
  }

  @Test func constructorNamesAreUniqueAcrossVariants() {
    // `let check = http(…)` relies on it: a constructor name identifies its variant.
    var names: [String] = []
    for case .variant(let schema) in allTypes() { names += schema.constructors.map(\.name) }
    #expect(names.count == Set(names).count)
  }

  func allTypes() -> [FieldType] {
    var result: [FieldType] = []
    func visit(_ type: FieldType) {
      result.append(type)
      switch type {
      case .record(let schema): schema.fields.forEach { visit($0.type) }
      case .variant(let schema): schema.constructors.forEach { $0.fields.forEach { visit($0.type) } }
      case .list(let element): visit(element)
      case .map(let key, let value):
        visit(key)
        visit(value)
      case .oneOf(_, let alternatives): alternatives.forEach(visit)
      default: break
      }
    }
    Schemas.all.forEach { $0.fields.forEach { visit($0.type) } }
    return result
  }
}
