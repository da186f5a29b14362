import Testing

@testable import IaCYAML

/// The YAML layer: libyaml emits, iacc decides quoting; everything reads back as written.
@Suite struct YAMLTests {
  func emit(_ node: YAMLNode) throws -> String {
    String(decoding: try YAMLEmitter.emit(YAMLFile(documents: [node])), as: UTF8.self)
  }

  /// Strings a YAML 1.1 reader would take as booleans, nulls, numbers, dates or special keys.
  static let traps = [
    "yes", "Yes", "YES", "no", "No", "on", "On", "off", "OFF", "y", "Y", "n", "N", "true", "False", "~", "null", "Null",
    "", "0", "42", "-7", "+3", "0.5", ".5", "1e3", "1_000", "0755", "0o755", "0x1F", "0b101", "12:30", "1:20:30",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", ".inf", "-.Inf", ".NaN", "<<", "=", " leading", "trailing ",
  ]

  @Test(arguments: traps)
  func trapStringsAreQuoted(_ text: String) throws {
    let emitted = try emit(.map([("key", .string(text))]))
    #expect(!emitted.contains("key: \(text)\n") || text.isEmpty == false && emitted.contains("'"), "\(emitted)")
    #expect(emitted.contains("key: '") || emitted.contains("key: \""), "\(text) must be quoted: \(emitted)")
    // And it reads back as the same string.
    guard case .success(let documents) = YAMLReader.read(Array(emitted.utf8)) else {
      Issue.record("cannot read back \(emitted)")
      return
    }
    #expect(documents.first?["key"] == .string(text))
  }

  /// The quoting decision as it was first written, byte by byte for every text not starting with
  /// a letter outside y, n, o, t, f: the definition the letter shortcut must agree with.
  static func needsQuotingInFull(_ text: String) -> Bool {
    guard let first = text.utf8.first else { return true }
    let lower = first | 0x20
    if lower >= 0x61 && lower <= 0x7A && !"ynotf".utf8.contains(lower) && text.utf8.last != UInt8(ascii: " ") {
      return false
    }
    if YAML11Scalars.reserved.contains(text) { return true }
    let bytes = Array(text.utf8)
    if bytes.first == UInt8(ascii: " ") || bytes.last == UInt8(ascii: " ") { return true }
    return YAML11Scalars.looksNumeric(bytes) || YAML11Scalars.looksLikeTimestamp(bytes)
  }

  /// The shortcuts (a text that starts with a letter; a literal block told by `memchr`) decide as
  /// the full definitions do, for random texts made of the traps' pieces.
  @Test func quotingShortcutsAgreeWithTheFullDefinitions() {
    let pieces =
      Self.traps + ["a", "x", "e", "E5", "t", "f", "o", "n", "y", "1", ".", "-", "_", ":", " ", "\n", "\r", "é"]
    let quoted = PropertyTests.agree(
      YAML11Scalars.needsQuoting, with: Self.needsQuotingInFull, on: pieces, upTo: 3, rounds: 30_000, seed: 41)
    #expect(quoted > 5_000)
    let literal = PropertyTests.agree(
      YAMLEmitter.EventWriter.wantsLiteralStyle, with: { $0.utf8.contains(0x0A) && !$0.utf8.contains(0x0D) },
      on: pieces, upTo: 3, rounds: 30_000, seed: 42)
    #expect(literal > 500)
    #expect(YAML11Scalars.reserved.allSatisfy { $0.utf8.count <= 5 })
  }

  @Test(arguments: [
    "gitea", "gitea/gitea:1.21.4", "10.25.20.14", "hello world", "a-b_c.d", "/var/lib/data", "ünïcödé ☃",
  ])
  func ordinaryStringsStayPlain(_ text: String) throws {
    #expect(try emit(.map([("key", .string(text))])).contains("key: \(text)\n"))
  }

  @Test func scalarsOfOtherKindsArePlain() throws {
    let emitted = try emit(.map([("port", .int(8080)), ("b", .bool(true)), ("z", .null), ("n", .int(1))]))
    // Keys are strings too: `n` would read as false in YAML 1.1.
    #expect(emitted.hasSuffix("---\nport: 8080\nb: true\nz: null\n'n': 1\n"))
  }

  @Test func multiLineStringsUseLiteralStyle() throws {
    let emitted = try emit(.map([("content", .string("line one\n  indented: yes\nlast\n"))]))
    #expect(emitted.contains("content: |\n  line one\n    indented: yes\n  last\n"))
  }

  @Test func stringsWithLineBreaksOfEveryKindReadBackExactly() throws {
    // Literal style for line feeds; carriage returns (which a literal block would turn into line
    // feeds) and combining marks after a line break must survive too.
    var generator = PropertyTests.SeededGenerator(state: 7)
    let pieces = ["a", "\n", "\r", "\r\n", "é", "\u{301}", " ", "b: c"]
    for _ in 0..<400 {
      let text = (0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        .joined()
      let bytes = try YAMLEmitter.emit(YAMLFile(documents: [.map([("k", .string(text))])]))
      guard case .success(let documents) = YAMLReader.read(bytes), case .mapping(let pairs) = documents.first,
        case .scalar(let scalar) = pairs.first?.value
      else {
        Issue.record("does not read back: \(Array(text.utf8))")
        continue
      }
      #expect(Array(scalar.text.utf8) == Array(text.utf8))
    }
  }

  @Test func longLinesAreNotFolded() throws {
    let long = String(repeating: "word ", count: 60) + "end"
    #expect(try emit(.map([("k", .string(long))])).contains("k: \(long)\n"))
  }

  @Test func tagsAreWritten() throws {
    let emitted = try emit(.map([("content", .string("{{ x }}", tag: "!unsafe"))]))
    #expect(emitted.contains("content: !unsafe '{{ x }}'"))
  }

  @Test func headerIsAComment() throws {
    let bytes = try YAMLEmitter.emit(
      YAMLFile(header: ["Generated by iacc.", "", "Second."], documents: [.map([("a", .int(1))])]))
    #expect(String(decoding: bytes, as: UTF8.self) == "# Generated by iacc.\n#\n# Second.\n---\na: 1\n")
  }

  @Test func sequencesInMappingsAreIndented() throws {
    let emitted = try emit(.map([("items", .sequence([.string("a"), .map([("b", .sequence([.int(1), .int(2)]))])]))]))
    #expect(emitted.hasSuffix("---\nitems:\n  - a\n  - b:\n      - 1\n      - 2\n"), "\(emitted)")
  }

  @Test func readerReportsSyntaxErrorsWithALine() {
    guard case .failure(let error) = YAMLReader.read(Array("a: 1\nb: [unclosed\n".utf8)) else {
      Issue.record("accepted broken YAML")
      return
    }
    #expect(error.line >= 2)
  }

  @Test func readerKeepsKeyLines() {
    guard case .success(let documents) = YAMLReader.read(Array("---\na: 1\nb:\n  c: 2\n".utf8)),
      case .mapping(let pairs)? = documents.first
    else {
      Issue.record("cannot read")
      return
    }
    #expect(pairs.map(\.line) == [2, 3])
  }

  /// Random trees survive emit → read unchanged: quoting, literal blocks, indentation included.
  @Test(arguments: 0..<200)
  func randomTreesRoundTrip(seed: Int) throws {
    var generator = PropertyTests.SeededGenerator(state: UInt64(seed) &* 7919)
    let tree = Self.randomNode(depth: 0, using: &generator)
    let bytes = try YAMLEmitter.emit(YAMLFile(header: ["header"], documents: [tree]))
    guard case .success(let documents) = YAMLReader.read(bytes) else {
      Issue.record("seed \(seed): emitted YAML does not parse:\n\(String(decoding: bytes, as: UTF8.self))")
      return
    }
    #expect(documents.count == 1)
    #expect(
      Self.normalised(documents[0]) == Self.normalised(tree), "seed \(seed):\n\(String(decoding: bytes, as: UTF8.self))"
    )
  }

  /// The same tree with every mapping and sequence generated pair by pair (item by item) while it
  /// is written.
  static func generated(_ node: YAMLNode) -> YAMLNode {
    switch node {
    case .scalar: return node
    case .sequence(let items):
      let converted = items.map(generated)
      return .generatedSequence(GeneratedItems(count: converted.count) { converted[$0] })
    case .generatedSequence(let items): return generated(.sequence(items.items))
    case .mapping(let pairs):
      let converted = pairs.map { YAMLPair(key: $0.key, value: generated($0.value)) }
      return .generatedMapping(GeneratedPairs(count: converted.count) { converted[$0] })
    case .generatedMapping(let pairs): return generated(.mapping(pairs.pairs))
    }
  }

  @Test(arguments: 0..<100)
  func generatedMappingsAndSequencesEmitTheSameBytes(seed: Int) throws {
    var generator = PropertyTests.SeededGenerator(state: UInt64(seed) &* 104_729)
    let tree = Self.randomNode(depth: 0, using: &generator)
    let lazy = Self.generated(tree)
    #expect(try YAMLEmitter.emit(YAMLFile(documents: [lazy])) == YAMLEmitter.emit(YAMLFile(documents: [tree])))
    #expect(lazy.materialized == tree)
  }

  /// A large generated mapping (where the emitter sizes its output from a sample of the pairs)
  /// emits the same bytes as the same mapping whole, whether its pairs grow, shrink or vary.
  @Test(arguments: [0, 1, 2]) func largeGeneratedMappingsEmitTheSameBytes(shape: Int) throws {
    let pairs = (0..<3_000).map { index in
      let length =
        switch shape {
        case 0: index / 10  // later pairs much longer than the sample
        case 1: max(0, 300 - index / 10)  // later pairs shorter
        default: (index * 7_919) % 97
        }
      return YAMLPair(
        key: "service-\(index)", value: .map([("image", .string(String(repeating: "x", count: length) + "\n"))]))
    }
    let whole = YAMLNode.mapping(pairs)
    let lazy = YAMLNode.generatedMapping(GeneratedPairs(count: pairs.count) { pairs[$0] })
    let bytes = try YAMLEmitter.emit(YAMLFile(header: ["h"], documents: [.map([("services", lazy)])]))
    #expect(bytes == (try YAMLEmitter.emit(YAMLFile(header: ["h"], documents: [.map([("services", whole)])]))))
    #expect(bytes.count > 100_000)
  }

  @Test(arguments: 0..<100)
  func indentingAsLibyamlFlushesEqualsIndentingTheWhole(seed: Int) {
    // The emitter indents libyaml's output chunk by chunk as it is flushed; however the text is
    // split, the result must be the text indented at once.
    var generator = PropertyTests.SeededGenerator(state: UInt64(seed) &* 7_727)
    let lines = ["key:", "- item", "- - x", "  nested: 1", "k: |", "  block", "", "---", "# c", "a: b", "    - deep"]
    var text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in lines.randomElement(using: &generator)! }
      .joined(separator: "\n")
    if Bool.random(using: &generator) { text += "\n" }
    let raw = Array(text.utf8)
    var indenter = SequenceIndenter()
    var start = 0
    while start < raw.count {
      let end = min(raw.count, start + Int.random(in: 1...12, using: &generator))
      raw[start..<end].withUnsafeBufferPointer { indenter.feed($0) }
      start = end
    }
    #expect(indenter.finish() == SequenceIndenter.indent(raw), "\(text)")
  }

  static let words =
    traps + [
      "plain", "two words", "line\nbreak\n", "  indented\nblock\n", "tab\there", "quote ' and \"", "#hash", "- dash",
      "colon: x", "{brace}", "[list]", "*star", "&amp", "!bang", "%pct", "@at", "`tick", "é", "\u{1F600}",
    ]

  static func randomNode(depth: Int, using generator: inout PropertyTests.SeededGenerator) -> YAMLNode {
    let choice = depth > 3 ? Int.random(in: 0..<3, using: &generator) : Int.random(in: 0..<6, using: &generator)
    switch choice {
    case 0: return .string(words.randomElement(using: &generator)!)
    case 1: return .int(Int.random(in: -1000...1000, using: &generator))
    case 2: return .bool(Bool.random(using: &generator))
    case 3, 4:
      let count = Int.random(in: 0..<4, using: &generator)
      return .map(
        (0..<count).map { index in
          (
            "k\(index)\(words.randomElement(using: &generator)!.prefix(3))",
            randomNode(depth: depth + 1, using: &generator)
          )
        })
    default:
      return .sequence(
        (0..<Int.random(in: 0..<4, using: &generator)).map { _ in randomNode(depth: depth + 1, using: &generator) })
    }
  }

  /// Compares meaning, not the scalar kind the reader guessed for a plain scalar.
  static func normalised(_ node: YAMLNode) -> String {
    switch node {
    case .scalar(let scalar): return "\(scalar.kind == .string ? "s" : "v"):\(scalar.text)"
    case .sequence(let items): return "[" + items.map(normalised).joined(separator: ",") + "]"
    case .mapping(let pairs):
      return "{" + pairs.map { "\($0.key)=\(normalised($0.value))" }.joined(separator: ",") + "}"
    case .generatedMapping(let generated): return normalised(.mapping(generated.pairs))
    case .generatedSequence(let generated): return normalised(.sequence(generated.items))
    }
  }
}
