import IaCBasics
import IaCModel
import IaCSyntax
import Testing

@testable import IaCCheck

/// The front end's compact storage: memo cells of four bytes, schema defaults held once per
/// kind, sixteen-byte tokens, string literals without an array of parts. Each must keep exactly
/// the behaviour of the plain representation it replaced, which these tests use as the oracle.
@Suite struct CompactFrontEndTests {
  /// Random reads and writes against a dictionary of the same cells.
  @Test(arguments: 0..<40) func memoTableBehavesLikeADictionary(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 11)
    let rowSizes = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Int.random(in: 0...9, using: &generator) }
    var table = MemoTable(rowSizes: rowSizes)
    var oracle: [[Int]: Evaluator.State<Evaluator.Memo>] = [:]
    let cells = rowSizes.enumerated().flatMap { symbol, size in (0..<size).map { [symbol, $0] } }
    guard !cells.isEmpty else { return }
    func describe(_ state: Evaluator.State<Evaluator.Memo>?) -> String {
      switch state {
      case nil: return "unset"
      case .inProgress: return "in progress"
      case .done(let memo): return "done \(memo.value?.description ?? "nil") \(memo.environmentDependent)"
      }
    }
    for step in 0..<200 {
      let cell = cells.randomElement(using: &generator)!
      let state: Evaluator.State<Evaluator.Memo>? =
        switch Int.random(in: 0...4, using: &generator) {
        case 0: nil
        case 1: .inProgress
        case 2: .done(Evaluator.Memo(value: nil, environmentDependent: Bool.random(using: &generator)))
        default:
          .done(
            Evaluator.Memo(
              value: Value(.int(step), range: nil), environmentDependent: Bool.random(using: &generator)))
        }
      table[cell[0], cell[1]] = state
      oracle[cell] = state
      let probe = cells.randomElement(using: &generator)!
      #expect(describe(table[probe[0], probe[1]]) == describe(oracle[probe]))
    }
    for cell in cells { #expect(describe(table[cell[0], cell[1]]) == describe(oracle[cell])) }
  }

  /// `Resource.defaultedFields` has a bit per schema field, and memo keys give each symbol 64.
  @Test func everySchemaFitsSixtyFourFields() {
    for kind in ResourceKind.allCases { #expect(Schemas.schema(for: kind).fields.count <= 64, "\(kind)") }
  }

  /// An override inside a field that has a default (`node_selector = {}`) keeps the default's
  /// origin on the merged value, so the checker must not take it for the shared default.
  @Test func anOverrideInsideADefaultedFieldIsNotTheDefault() {
    let result = checkSources([
      "main.iac": """
      service api { image = "api:1.0" }
      environment dev {}
      environment production { api.node_selector.disk = "ssd" }
      """
    ])
    #expect(result.diagnostics.isEmpty)
    let api = ResourceID(kind: .service, name: "api")
    let dev = result.model.environments[0].resource(api)!
    let production = result.model.environments[1].resource(api)!
    #expect(dev["node_selector"]?.description == "{}")
    #expect(production["node_selector"]?.description == "{disk: \"ssd\"}")
    #expect(production.fields.first { $0.name == "node_selector" }?.value.description == "{disk: \"ssd\"}")
    #expect(dev.fields.first { $0.name == "node_selector" }?.value.origin == .defaulted)
  }

  /// The merged field list is what the plain list was: schema order, every default present
  /// unless the program sets the field, and the subscript agrees with it.
  @Test func mergedFieldsFollowTheSchemaAndAgreeWithTheSubscript() {
    let result = checkSources([
      "main.iac": """
      host h { address = "10.0.0.1"  packages = ["git"] }
      volume data { size = 1Gi }
      service api {
        image = "api:1.0"
        replicas = 2
        volumes = { "/data": data }
        restart = always
      }
      environment dev {}
      environment production { api.replicas = 3  api.read_only_root = false }
      """
    ])
    #expect(result.diagnostics.isEmpty)
    for environment in result.model.environments {
      for resource in environment.resources {
        let schema = Schemas.schema(for: resource.id.kind)
        let names = resource.fields.map(\.name)
        let schemaOrder = schema.fields.map(\.name).filter(names.contains)
        #expect(names == schemaOrder, "\(resource.id)")
        for field in schema.fields {
          if case .defaultValue = field.requirement {
            #expect(resource[field.name] != nil, "\(resource.id).\(field.name)")
          }
          #expect(
            resource[field.name]?.description == resource.fields.first { $0.name == field.name }?.value.description)
        }
      }
    }
    let production = result.model.environments[1].resource(ResourceID(kind: .service, name: "api"))!
    #expect(production["read_only_root"]?.description == "false")
    #expect(production["restart"]?.description == "always")
    #expect(production["run_as_root"]?.origin == .defaulted)
  }

  @Test func aTokenIsSixteenBytes() {
    #expect(MemoryLayout<Token>.stride == 16)
  }

  @Test func aPlainLiteralIsOnePartAndAnInterpolatedOneKeepsItsParts() {
    let plain = StringLiteral(parts: [.text("nginx:1.27")])
    #expect(plain.plainText == "nginx:1.27")
    #expect(plain.parts.count == 1)
    let (expr, _) = Parser.parseExpression(SourceFile(path: "t.iac", text: "\"a${b}c\""))
    guard case .string(let literal) = expr.kind else {
      Issue.record("expected a string literal")
      return
    }
    #expect(literal.plainText == nil)
    #expect(literal.parts.count == 3)
    let (empty, _) = Parser.parseExpression(SourceFile(path: "t.iac", text: "\"\""))
    if case .string(let literal) = empty.kind { #expect(literal.plainText == "") }
  }
}

extension CompactFrontEndTests {
  /// A map entry's rare interpolated key is boxed; the entry stays within 88 bytes.
  @Test func aMapEntryKeepsItsInterpolatedKeyAndStaysSmall() {
    #expect(MemoryLayout<MapEntry>.stride <= 88)
    let (expr, diagnostics) = Parser.parseExpression(
      SourceFile(path: "t.iac", text: "{ \"${root}/etc/motd\": \"hi\", plain: 1 }"))
    #expect(diagnostics.isEmpty)
    guard case .map(let entries) = expr.kind, entries.count == 2 else {
      Issue.record("expected a map of two entries")
      return
    }
    #expect(entries[0].interpolatedKey?.parts.count == 2)
    #expect(entries[0].key.isEmpty)
    #expect(entries[1].interpolatedKey == nil)
    #expect(entries[1].key == "plain")
  }
}
