import IaCBasics
import IaCModel
import Testing

@testable import IaCCheck
@testable import IaCSyntax

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

extension CompactFrontEndTests {
  /// A random tree of nested constructs, each collecting its children on the shared stack above
  /// those of its parent, comes out exactly as arrays built the plain way.
  @Test(arguments: 0..<30) func scratchStackBuildsTheSameArraysAsAppending(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 101)
    let stack = ScratchStack<String>(capacity: 1)
    var built: [[String]] = []
    var expected: [[String]] = []
    // Strings with heap storage: a copy or a missed move would show in their contents or leak.
    func construct(depth: Int, label: String) -> String {
      let base = stack.count
      var plain: [String] = []
      for child in 0..<Int.random(in: 0...5, using: &generator) {
        let element =
          depth < 4 && Bool.random(using: &generator)
          ? construct(depth: depth + 1, label: "\(label).\(child)")
          : "an element that is too long to be stored inline \(label).\(child)"
        stack.push(element)
        plain.append(element)
      }
      let array = stack.popArray(from: base)
      built.append(array)
      expected.append(plain)
      #expect(stack.count == base)
      return "\(label)[\(array.count)]"
    }
    _ = construct(depth: 0, label: "root")
    #expect(built == expected)
    #expect(stack.count == 0)
  }

  /// The parser's arrays are allocated at their size, not grown by doubling.
  @Test func parsedArraysCarryNoSpareCapacity() {
    let (expr, diagnostics) = Parser.parseExpression(
      SourceFile(path: "t.iac", text: "{ a: [1, 2, 3, 4, 5], b: f(1, 2, 3), c: { d: 1, e: 2, f: 3, g: 4, h: 5 } }"))
    #expect(diagnostics.isEmpty)
    guard case .map(let entries) = expr.kind, entries.count == 3, case .list(let items) = entries[0].value.kind,
      case .call(_, let arguments) = entries[1].value.kind, case .map(let inner) = entries[2].value.kind
    else {
      Issue.record("expected the map as written")
      return
    }
    // Allocation rounds up by at most one element of these sizes; doubling left 3 of 8.
    #expect(entries.capacity - entries.count <= 1)
    #expect(items.capacity - items.count <= 1)
    #expect(arguments.capacity - arguments.count <= 1)
    #expect(inner.capacity - inner.count <= 1)
    #expect(items.map { if case .integer(let n) = $0.kind { n ?? -1 } else { -1 } } == [1, 2, 3, 4, 5])
    #expect(inner.map(\.key) == ["d", "e", "f", "g", "h"])
  }

  @Test(arguments: 0..<30) func permuteTakesEachElementFromItsSource(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 7)
    let original = (0..<Int.random(in: 0...40, using: &generator)).map { "element \($0) with heap storage, not inline" }
    let sources = Array(original.indices).shuffled(using: &generator)
    var permuted = original
    permuted.permute(takingFrom: sources)
    #expect(permuted == sources.map { original[$0] })
  }

  /// Resources are evaluated in declaration order and come out by kind, then name.
  @Test func modelResourcesAreOrderedByKindThenName() {
    let result = checkSources([
      "main.iac": """
      service zeta { image = "z:1" }
      volume data { size = 1Gi }
      let unused = 1
      service alpha { image = "a:1" }
      host h { address = "10.0.0.1" }
      service mid { image = "m:1" }
      environment prod {}
      environment dev {}
      """
    ])
    #expect(result.diagnostics.isEmpty)
    for model in result.model.environments {
      let ids = model.resources.map(\.id)
      #expect(ids == ids.sorted())
      #expect(ids.map(\.name).filter { ["zeta", "alpha", "mid"].contains($0) } == ["alpha", "mid", "zeta"])
      #expect(ids.count == 6)
    }
  }
}
