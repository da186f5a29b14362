import Testing

@testable import IaCPlan
@testable import IaCYAML

/// The plan's structural diff and the YAML reader under it, on inputs large enough to take the
/// indexed paths, against expectations computed independently of the code under test.
@Suite struct StructuralDiffTests {
  typealias Generator = PropertyTests.SeededGenerator

  /// A resource's label is held in two parts; labels are equal, and hash alike, exactly when
  /// their texts are (as `String`s: canonically equivalent), however each is split.
  @Test func labelsAreTheirTexts() {
    var generator = Generator(state: 5)
    let pieces = ["a", "b", "/", "é", "e", "\u{301}", "\u{323}", "K", "\u{212A}", "compose service ", "ab", ""]
    func label() -> StructuralDiff.UnitLabel {
      let text = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
      let cut = Int.random(in: 0...text.count, using: &generator)
      return .init(text[..<cut].joined(), text[cut...].joined())
    }
    var equal = 0
    for _ in 0..<5_000 {
      let (left, right) = (label(), label())
      let same = left.text == right.text
      #expect((left == right) == same, "\(left) \(right)")
      if same {
        equal += 1
        #expect(left.hashValue == right.hashValue)
      }
    }
    #expect(equal > 200)
  }

  /// How values are shown, checked by hand: a tag added by hand is part of the change (libyaml's
  /// `tag:yaml.org,2002:` written back as `!!`), long strings are cut, other scalars are as written.
  @Test func valuesAreShownWithTheirTags() {
    func changes(_ old: String, _ new: String) -> [FieldChange]? {
      StructuralDiff.diff(old: Array(old.utf8), new: Array(new.utf8))?.flatMap(\.fields)
    }
    let object = "kind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: "
    #expect(
      changes(object + "!unsafe '{{ x }}'\n", object + "'{{ x }}'\n") == [
        FieldChange(path: "data.x", old: "!unsafe \"{{ x }}\"", new: "\"{{ x }}\"")
      ])
    #expect(
      changes(object + "!!str 5\n", object + "5\n") == [FieldChange(path: "data.x", old: "!!str \"5\"", new: "5")])
    #expect(
      changes(object + "\"a\\r\\nb\\rc\\nd\"\n", object + "x\n") == [
        FieldChange(path: "data.x", old: #""a\r\nb\rc\nd""#, new: "\"x\"")
      ])
    #expect(
      changes(object + "\"C:\\\\tmp\\tx\"\n", object + "x\n") == [
        FieldChange(path: "data.x", old: #""C:\\tmp\tx""#, new: "\"x\"")
      ])
    let long = String(repeating: "y", count: 61)
    #expect(
      changes(object + "\(long)\n", object + "true\n") == [
        FieldChange(path: "data.x", old: "\"" + String(repeating: "y", count: 57) + "…\"", new: "true")
      ])
  }

  /// The byte-wise search against lowercasing and searching, the definition it replaces.
  @Test func sensitiveKeysAreFoundInAnyCase() {
    var generator = Generator(state: 11)
    let pieces = [
      "pass", "word", "PassWord", "PASSWD", "Secret", "secre", "t", "TOKEN", "tok", "en", "private", "_key",
      "PRIVATE_KEY", "db", "_", "-", "x", "K", "\u{212A}", "É", "ß", "secretKeyRef", "tls_secret",
    ]
    var sensitive = 0
    for _ in 0..<3_000 {
      let key = (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        .joined()
      let lowered = key.lowercased()
      let expected =
        !StructuralDiff.structuralKeys.contains(key)
        && ["password", "passwd", "secret", "token", "private_key"].contains { lowered.contains($0) }
      #expect(StructuralDiff.isSensitive(key) == expected, "\(key)")
      if expected { sensitive += 1 }
    }
    #expect(sensitive > 300)
    // The Kelvin sign lowercases to `k`: still sensitive.
    #expect(StructuralDiff.isSensitive("TO\u{212A}EN"))
  }

  /// Mappings of up to 60 keys (searched one by one up to 16, through an index above), changed at
  /// random: every changed, added and removed key is reported once, in the new file's order and
  /// then the old file's.
  @Test func mappingsOfAnySizeReportEachChangedKey() {
    var generator = Generator(state: 23)
    for _ in 0..<200 {
      let count = Int.random(in: 0...60, using: &generator)
      let old = (0..<count).map { ("key\($0)", "v\(Int.random(in: 0...3, using: &generator))") }
      var new: [(String, String)] = []
      for (key, value) in old {
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: continue  // removed
        case 1: new.append((key, value + "!"))  // changed
        case 2:
          new.append(("added-\(key)", "n"))  // added beside it
          new.append((key, value))
        default: new.append((key, value))
        }
      }
      new.shuffle(using: &generator)
      var expected: [FieldChange] = []
      let oldValues = Dictionary(uniqueKeysWithValues: old)
      let newKeys = Set(new.map(\.0))
      for (key, value) in new {
        switch oldValues[key] {
        case nil: expected.append(FieldChange(path: key, old: nil, new: "\"\(value)\""))
        case let previous? where previous != value:
          expected.append(FieldChange(path: key, old: "\"\(previous)\"", new: "\"\(value)\""))
        default: break
        }
      }
      for (key, value) in old where !newKeys.contains(key) {
        expected.append(FieldChange(path: key, old: "\"\(value)\"", new: nil))
      }
      var changes: [FieldChange] = []
      StructuralDiff.compare(mapping(old), mapping(new), path: "", into: &changes)
      #expect(changes == expected)
    }
  }

  /// Lists of named elements (containers, env vars) of up to 60: matched by name wherever they
  /// moved to.
  @Test func namedListsOfAnySizeMatchByName() {
    var generator = Generator(state: 31)
    for _ in 0..<200 {
      let count = Int.random(in: 1...60, using: &generator)
      let old = (0..<count).map { ("env\($0)", "v\(Int.random(in: 0...3, using: &generator))") }
      var new = old.filter { _ in Int.random(in: 0..<8, using: &generator) != 0 }
        .map { Int.random(in: 0..<8, using: &generator) == 0 ? ($0.0, $0.1 + "!") : $0 }
      new.shuffle(using: &generator)
      let oldValues = Dictionary(uniqueKeysWithValues: old)
      let newNames = Set(new.map(\.0))
      var expected: [FieldChange] = []
      for (name, value) in new where oldValues[name] != value {
        expected.append(FieldChange(path: "env[\(name)].value", old: "\"\(oldValues[name]!)\"", new: "\"\(value)\""))
      }
      for (name, _) in old where !newNames.contains(name) {
        expected.append(FieldChange(path: "env[\(name)]", old: "{name, value}", new: nil))
      }
      var changes: [FieldChange] = []
      StructuralDiff.compare(namedList(old), namedList(new), path: "env", into: &changes)
      #expect(changes == expected)
    }
  }

  /// A compose file of 300 services, some changed, added or removed: one resource diff each.
  @Test func largeComposeFilesDiffServiceByService() throws {
    func file(_ services: [(String, String)]) throws -> [UInt8] {
      let node = YAMLNode.map([
        ("name", .string("lab")),
        ("services", .map(services.map { ($0.0, .map([("image", .string($0.1))])) })),
      ])
      return try YAMLEmitter.emit(YAMLFile(documents: [node]))
    }
    let old = (0..<300).map { ("svc\($0)", "image:\($0)") }
    var new = old.filter { $0.0 != "svc7" && $0.0 != "svc250" }
    new[100].1 = "image:changed"  // svc101: svc7 is gone
    new.append(("svc-new", "image:new"))
    let diffs = try #require(StructuralDiff.diff(old: try file(old), new: try file(new)))
    #expect(
      diffs == [
        ResourceDiff(
          change: .changed, resource: "compose service lab/\(new[100].0)",
          fields: [FieldChange(path: "image", old: "\"image:101\"", new: "\"image:changed\"")]),
        ResourceDiff(change: .added, resource: "compose service lab/svc-new", fields: []),
        ResourceDiff(change: .removed, resource: "compose service lab/svc7", fields: []),
        ResourceDiff(change: .removed, resource: "compose service lab/svc250", fields: []),
      ])
  }

  /// Random nested trees, written by the emitter and read back: the same tree, whatever the
  /// nesting and however many children a node has.
  @Test func randomTreesReadBackAsWritten() throws {
    var generator = Generator(state: 47)
    func tree(depth: Int) -> YAMLNode {
      let words = ["a", "b c", "yes", "12", "x:y", "- item", "multi\nline\n", "", "ünï"]
      switch depth == 0 ? 0 : Int.random(in: 0..<3, using: &generator) {
      case 0:
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return .int(Int.random(in: -5...500, using: &generator))
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .null
        default: return .string(words.randomElement(using: &generator)!)
        }
      case 1:
        return .sequence((0..<Int.random(in: 0...40, using: &generator)).map { _ in tree(depth: depth - 1) })
      default:
        return .map((0..<Int.random(in: 0...40, using: &generator)).map { ("k\($0)", tree(depth: depth - 1)) })
      }
    }
    for _ in 0..<60 {
      let documents = (0..<Int.random(in: 1...3, using: &generator)).map { _ in tree(depth: 3) }
      let bytes = try YAMLEmitter.emit(YAMLFile(documents: documents))
      #expect(try YAMLReader.read(bytes).get() == documents)
    }
  }

  func mapping(_ pairs: [(String, String)]) -> YAMLNode { .map(pairs.map { ($0.0, .string($0.1)) }) }

  func namedList(_ items: [(String, String)]) -> YAMLNode {
    .sequence(items.map { .map([("name", .string($0.0)), ("value", .string($0.1))]) })
  }
}
