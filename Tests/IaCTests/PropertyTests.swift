import IaCBasics
import IaCCheck
import IaCDriver
import IaCSyntax
import Testing

/// Random inputs never crash, trap or hang the front end, and every diagnostic points inside
/// the file. The generator is seeded, so a failure reproduces; the seed is in the message.
@Suite struct PropertyTests {
  /// SplitMix64: small, fast, and the same sequence on every machine.
  struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  /// Up to `most` of `pieces`, chosen at random and joined.
  static func text(of pieces: [String], upTo most: Int, _ generator: inout SeededGenerator) -> String {
    (0..<Int.random(in: 0...most, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
  }

  /// Over `rounds` random texts of `pieces`, `candidate` answers as `definition` does. Returns how
  /// many texts the definition answered true for, for a test to require both answers to occur.
  @discardableResult
  static func agree(
    _ candidate: (String) -> Bool, with definition: (String) -> Bool, on pieces: [String], upTo most: Int,
    rounds: Int, seed: UInt64
  ) -> Int {
    var generator = SeededGenerator(state: seed)
    var trues = 0
    for _ in 0..<rounds {
      let text = Self.text(of: pieces, upTo: most, &generator)
      let expected = definition(text)
      #expect(candidate(text) == expected, "\(text.debugDescription)")
      if expected { trues += 1 }
    }
    return trues
  }

  /// Fragments that are tokens of the language, near-tokens, and troublemakers.
  static let fragments = [
    "service", "host", "volume", "secret", "config", "stack", "environment", "servce", "let", "param", "import",
    "by_env", "true", "false", "web", "db", "gitea", "proj-docker01", "a.b", "x.y.z", "image", "replicas",
    "{", "}", "[", "]", "(", ")", ",", ";", ":", "=", ".", "->", "-", "<", ">", "\n", "\n\n", " ", "\t", "\r\n",
    "0", "42", "-7", "0.5", "512Mi", "1.5Gi", "30s", "5m", "5min", "0o644", "0644", "99999999999999999999", "12MB",
    "\"str\"", "\"${web.address}\"", "\"${\"", "\"unterminated", "\"\\q\"", "\"\\u{1F600}\"",
    "\"\"\"\n  text\n  \"\"\"",
    "\"\"\"", "//c\n", "# c\n", "/* c */", "/*", "@", "§", "é", "\u{0}", "http(", "compose(web)", "env(\"X\")",
    "List<String>", "Map<Port>", ": Int", "${", "}\"",
  ]

  static func randomProgram(seed: UInt64, length: Int) -> [UInt8] {
    var generator = SeededGenerator(state: seed)
    var bytes: [UInt8] = []
    for _ in 0..<length {
      if Int.random(in: 0..<50, using: &generator) == 0 {
        bytes.append(UInt8.random(in: 0...255, using: &generator))  // raw bytes: invalid UTF-8 too
      } else {
        bytes += Array(fragments.randomElement(using: &generator)!.utf8)
        if Bool.random(using: &generator) { bytes.append(UInt8(ascii: " ")) }
      }
    }
    return bytes
  }

  @Test(arguments: 0..<300)
  func randomTokenStreamsNeverCrashTheFrontEnd(seed: Int) {
    let bytes = Self.randomProgram(seed: UInt64(seed), length: 10 + seed % 200)
    let (program, loadDiagnostics) = ProgramLoader.load(
      ["fuzz.iac"], provider: MemorySources(bytes: ["fuzz.iac": bytes]))
    let result = Checker.check(program, loadDiagnostics: loadDiagnostics)
    for diagnostic in result.diagnostics {
      guard let range = diagnostic.range, range.file.path == "fuzz.iac" else { continue }
      #expect(range.start >= 0 && range.end <= bytes.count, "seed \(seed): \(diagnostic.message) out of bounds")
      #expect(range.startLocation.line >= 1 && range.startLocation.column >= 1, "seed \(seed)")
    }
    // Rendering never traps either, whatever the ranges cover.
    _ = TextDiagnosticRenderer(useColor: false).render(result.diagnostics)
    _ = JSONDiagnosticRenderer.render(result.diagnostics)
  }

  @Test(arguments: 0..<50)
  func parsingIsDeterministic(seed: Int) {
    let bytes = Self.randomProgram(seed: UInt64(seed) &+ 10_000, length: 120)
    let first = Parser.parse(SourceFile(path: "a.iac", bytes: bytes))
    let second = Parser.parse(SourceFile(path: "a.iac", bytes: bytes))
    #expect(SyntaxDumper.dump(first.0) == SyntaxDumper.dump(second.0))
    #expect(first.1.map(\.message) == second.1.map(\.message))
  }

  /// Well-formed programs check cleanly, and the checked model does not depend on declaration
  /// order: shuffling the declarations gives the same model.
  @Test(arguments: 0..<40)
  func declarationOrderDoesNotMatter(seed: Int) {
    var generator = SeededGenerator(state: UInt64(seed))
    var declarations = [
      "host h\(seed) { address = \"10.0.0.\(seed % 250 + 1)\" }",
      "let port = \(1000 + seed)",
      "volume v\(seed) { size = \(seed + 1)Gi }",
      "service s\(seed) { image = \"app:\(seed).0\"  ports = [port]  env = { HOST: \"${h\(seed).address}\" }  volumes = { \"/d\": v\(seed) } }",
      "stack st\(seed) { services = [s\(seed)] }",
      "environment e\(seed) { stacks = { st\(seed): compose(h\(seed)) }  s\(seed).replicas = \(seed % 5) }",
    ]
    let ordered = checkSources(["main.iac": declarations.joined(separator: "\n")])
    declarations.shuffle(using: &generator)
    let shuffled = checkSources(["main.iac": declarations.joined(separator: "\n")])
    #expect(ordered.diagnostics.isEmpty)
    #expect(shuffled.diagnostics.isEmpty)
    #expect(ModelText.render(ordered) == ModelText.render(shuffled))
  }
}
