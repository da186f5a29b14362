import Foundation
import Testing

@testable import IaCBasics
@testable import IaCPlan
@testable import IaCYAML

/// The structural diff reads neither large file as one tree: it compares skeletons (collections
/// below the second level, and most at the first, stand as digests) and reads whole only the
/// collections that differ, in a second reading of both files side by side. The oracle is the
/// diff it replaced: both files read whole by libyaml, split into resources, and compared field
/// by field. It shares the splitting and the field comparison with the code under test, so it
/// proves the skeletons, digests and second reading; the comparison itself is pinned by the
/// hand-checked expectations of `StructuralDiffTests` and the plan tests.
@Suite struct SkeletonDiffTests {
  typealias Generator = PropertyTests.SeededGenerator

  /// The whole-tree diff: every resource of the new file against the first of the old file with
  /// its label, then the old resources that are gone.
  static func wholeTreeDiff(_ old: [UInt8], _ new: [UInt8]) -> [ResourceDiff]? {
    guard case .success(let oldDocuments) = YAMLReader.read(old), case .success(let newDocuments) = YAMLReader.read(new)
    else { return nil }
    let before = oldDocuments.flatMap(StructuralDiff.units).map { (label: $0.label.text, node: $0.node) }
    let after = newDocuments.flatMap(StructuralDiff.units).map { (label: $0.label.text, node: $0.node) }
    var diffs: [ResourceDiff] = []
    for unit in after {
      guard let previous = before.first(where: { $0.label == unit.label }) else {
        diffs.append(ResourceDiff(change: .added, resource: unit.label, fields: []))
        continue
      }
      var fields: [FieldChange] = []
      StructuralDiff.compare(previous.node, unit.node, path: "", into: &fields)
      if !fields.isEmpty { diffs.append(ResourceDiff(change: .changed, resource: unit.label, fields: fields)) }
    }
    for unit in before where !after.contains(where: { $0.label == unit.label }) {
      diffs.append(ResourceDiff(change: .removed, resource: unit.label, fields: []))
    }
    return diffs
  }

  // MARK: Random files shaped like the three targets' (labels are unique, as iacc writes them).

  static func word(_ generator: inout Generator) -> String {
    ["a", "b c", "yes", "12", "x:y", "multi\nline\n", "", "ünï", "password", "0.5"].randomElement(using: &generator)!
  }

  static func scalar(_ generator: inout Generator) -> YAMLNode {
    switch Int.random(in: 0..<4, using: &generator) {
    case 0: return .int(Int.random(in: 0...9, using: &generator))
    case 1: return .bool(Bool.random(using: &generator))
    default: return .string(word(&generator))
    }
  }

  /// Nested mappings and lists (some of named elements) down to `depth`.
  static func value(depth: Int, _ generator: inout Generator) -> YAMLNode {
    switch depth == 0 ? 0 : Int.random(in: 0..<4, using: &generator) {
    case 0: return scalar(&generator)
    case 1:
      return .sequence(
        (0..<Int.random(in: 0...4, using: &generator)).map { index in
          .map([("name", .string("n\(index)")), ("value", value(depth: depth - 1, &generator))])
        })
    case 2:
      return .sequence((0..<Int.random(in: 0...4, using: &generator)).map { _ in value(depth: depth - 1, &generator) })
    default:
      // A sensitive key now and then: its value stays hidden through the skeleton's summaries.
      return .map(
        (0..<Int.random(in: 0...4, using: &generator)).map {
          ($0 == 3 ? "db_password" : "k\($0)", value(depth: depth - 1, &generator))
        })
    }
  }

  static func composeFile(_ generator: inout Generator) -> [YAMLNode] {
    let services = (0..<Int.random(in: 0...30, using: &generator)).map { index in
      (
        "svc-\(index)",
        YAMLNode.map([("image", .string("app:\(index)")), ("environment", value(depth: 3, &generator))])
      )
    }
    let configs = (0..<Int.random(in: 0...5, using: &generator)).map { index in
      ("config-\(index)", YAMLNode.map([("content", scalar(&generator))]))
    }
    return [.map([("name", .string("lab")), ("services", .map(services)), ("configs", .map(configs))])]
  }

  static func kubernetesFile(_ generator: inout Generator) -> [YAMLNode] {
    (0..<Int.random(in: 1...4, using: &generator)).map { index in
      .map([
        ("apiVersion", .string("apps/v1")), ("kind", .string(["Deployment", "Service"][index % 2])),
        ("metadata", .map([("name", .string("app-\(index)")), ("namespace", .string("lab"))])),
        ("spec", value(depth: 4, &generator)),
      ])
    }
  }

  static func playbook(_ generator: inout Generator) -> [YAMLNode] {
    [
      .sequence(
        (0..<Int.random(in: 1...5, using: &generator)).map { index in
          .map([
            ("name", .string("Configure host-\(index)")), ("hosts", .string("host-\(index)")),
            ("tasks", value(depth: 3, &generator)),
          ])
        })
    ]
  }

  /// The same tree with a few random changes: scalars changed, keys and elements added, dropped
  /// or moved. Often none at all.
  static func mutated(_ node: YAMLNode, rate: Int, _ generator: inout Generator) -> YAMLNode {
    let roll = { (generator: inout Generator) in Int.random(in: 0..<rate, using: &generator) == 0 }
    switch node {
    case .scalar:
      return roll(&generator) ? scalar(&generator) : node
    case .sequence(var items):
      items = items.map { mutated($0, rate: rate, &generator) }
      if roll(&generator), !items.isEmpty { items.remove(at: Int.random(in: 0..<items.count, using: &generator)) }
      if roll(&generator) { items.append(value(depth: 1, &generator)) }
      if roll(&generator) { items.shuffle(using: &generator) }
      return .sequence(items)
    case .mapping(var pairs):
      pairs = pairs.map { YAMLPair(key: $0.key, value: mutated($0.value, rate: rate, &generator)) }
      if roll(&generator), !pairs.isEmpty { pairs.remove(at: Int.random(in: 0..<pairs.count, using: &generator)) }
      if roll(&generator) { pairs.append(YAMLPair(key: "added", value: value(depth: 2, &generator))) }
      if roll(&generator) { pairs.shuffle(using: &generator) }
      return .mapping(pairs)
    case .generatedMapping, .generatedSequence:
      return mutated(node.materialized, rate: rate, &generator)
    }
  }

  /// A compose file (shape 0), Kubernetes objects (1) or a playbook (2).
  static func file(shape: Int, _ generator: inout Generator) -> [YAMLNode] {
    switch shape {
    case 0: composeFile(&generator)
    case 1: kubernetesFile(&generator)
    default: playbook(&generator)
    }
  }

  @Test(arguments: 0..<40) func skeletonsDiffAsWholeTreesDo(seed: UInt64) throws {
    var generator = Generator(state: seed &* 7 &+ 3)
    for shape in 0..<3 {
      let documents = Self.file(shape: shape, &generator)
      let rate = [3, 20, 200].randomElement(using: &generator)!
      let changed = documents.map { Self.mutated($0, rate: rate, &generator) }
      let old = try YAMLEmitter.emit(YAMLFile(header: ["old"], documents: documents))
      let new = try YAMLEmitter.emit(YAMLFile(header: ["new"], documents: changed))
      let expected = try #require(Self.wholeTreeDiff(old, new))
      #expect(StructuralDiff.diff(old: .bytes(old), new: .bytes(new), summarizing: true) == expected, "shape \(shape)")
      #expect(StructuralDiff.diff(old: .bytes(old), new: .bytes(new), summarizing: false) == expected, "shape \(shape)")
    }
  }

  /// What a person may do to a generated file by hand: values tagged, or made anchors, aliases,
  /// flow collections or other scalars; keys repeated; lines pasted twice or dropped; and, at the byte
  /// level, tabs, another document, bytes that are not UTF-8, a cut.
  static let newValues = ["*a", "&a x", "!custom x", "!!str 1", "[1, 2]", "{}", "~", "'q'", "\"d\"", "yes", "x # note"]
  static let bytePastes = ["\t", "---\n", "...\n", "[[", "]]", "\"open", "? k\n: v\n", "<<: *a\n", ": ", "- "]

  static func handEdited(_ bytes: [UInt8], _ generator: inout Generator) -> [UInt8] {
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    func valueStart(_ line: [UInt8]) -> Int? {
      guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon + 1 < line.count else { return nil }
      return line[colon + 1] == UInt8(ascii: " ") ? colon + 2 : nil
    }
    for _ in 0..<Int.random(in: 1...4, using: &generator) where !lines.isEmpty {
      let valued = lines.indices.filter { valueStart(lines[$0]) != nil }  // as the lines are now
      let index = Int.random(in: 0..<lines.count, using: &generator)
      switch Int.random(in: 0..<7, using: &generator) {
      case 0:
        guard let line = valued.randomElement(using: &generator), let start = valueStart(lines[line]) else { continue }
        lines[line].replaceSubrange(start..., with: Array(newValues.randomElement(using: &generator)!.utf8))
      case 1:
        // The same value, tagged: only the tag differs.
        guard let line = valued.randomElement(using: &generator), let start = valueStart(lines[line]) else { continue }
        lines[line].insert(
          contentsOf: Array(["!custom ", "!!str ", "!unsafe "].randomElement(using: &generator)!.utf8), at: start)
      case 2:
        // An anchor on one value and its alias on a later one: valid YAML.
        let two = valued.shuffled(using: &generator).prefix(2).sorted()
        guard two.count == 2, let first = valueStart(lines[two[0]]), let second = valueStart(lines[two[1]]) else {
          continue
        }
        lines[two[0]].insert(contentsOf: Array("&a ".utf8), at: first)
        lines[two[1]].replaceSubrange(second..., with: Array("*a".utf8))
      case 3: lines.insert(lines[index], at: index)  // a line pasted twice: often a repeated key
      case 4: lines.remove(at: index)
      default:
        let at = Int.random(in: 0...lines[index].count, using: &generator)
        let paste = bytePastes.randomElement(using: &generator)!
        lines[index].insert(contentsOf: Bool.random(using: &generator) ? Array(paste.utf8) : [0xFF], at: at)
      }
    }
    return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
  }

  /// A file edited by hand into anything, YAML or not, diffs against the file iacc would write
  /// the same way whether it is read as skeletons or whole (nil from both when either is not
  /// YAML), and never traps.
  @Test(arguments: 0..<60) func handEditedFilesDiffTheSameEitherWay(seed: UInt64) throws {
    var generator = Generator(state: seed &* 11 &+ 5)
    for shape in 0..<3 {
      let documents = Self.file(shape: shape, &generator)
      let written = try YAMLEmitter.emit(YAMLFile(header: ["iacc"], documents: documents))
      let edited = Self.handEdited(written, &generator)
      let whole = StructuralDiff.diff(old: .bytes(edited), new: .bytes(written), summarizing: false)
      let skeletons = StructuralDiff.diff(old: .bytes(edited), new: .bytes(written), summarizing: true)
      #expect(skeletons == whole, "seed \(seed), shape \(shape)")
      #expect(whole == Self.wholeTreeDiff(edited, written), "seed \(seed), shape \(shape)")
    }
  }

  /// A compose file of 2,000 services, one of which changed deep inside: one resource diff, found
  /// by reading the files from disk with only that service read whole.
  @Test func largeFilesOnDiskDiffOneServiceDeepInside() throws {
    func file(_ changedValue: String) throws -> [UInt8] {
      let services = (0..<2_000).map { index in
        (
          "svc-\(index)",
          YAMLNode.map([
            ("image", .string("app:\(index)")),
            ("environment", .map([("LEVEL", .string(index == 1_234 ? changedValue : "info"))])),
          ])
        )
      }
      return try YAMLEmitter.emit(
        YAMLFile(documents: [.map([("name", .string("lab")), ("services", .map(services))])]))
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skeleton-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let old = folder.appendingPathComponent("old.yaml")
    let new = folder.appendingPathComponent("new.yaml")
    try Data(try file("info")).write(to: old)
    try Data(try file("debug")).write(to: new)
    let diffs = StructuralDiff.diff(old: .file(old.path), new: .file(new.path))
    #expect(
      diffs == [
        ResourceDiff(
          change: .changed, resource: "compose service lab/svc-1234",
          fields: [FieldChange(path: "environment.LEVEL", old: "\"info\"", new: "\"debug\"")])
      ])
    #expect(StructuralDiff.diff(old: .file(old.path), new: .file(folder.appendingPathComponent("gone").path)) == nil)
  }

  /// Only collections below the second level are summarized, each once, in the order they
  /// appear; a second reading hands over those asked for, whole, and fails when the stream
  /// changed in between.
  @Test func skeletonsSummarizeTheThirdLevel() throws {
    let bytes = Array("a:\n  b:\n    c: 1\n  d: [1, 2]\n  e: x\nf: [{g: 1}]\n".utf8)
    func skeleton(keeping: Set<String>) throws -> StructuralDiff.Skeleton {
      try YAMLReader.readSkeleton(.bytes(bytes), summarizingAt: 2, keeping: keeping, digester: SummaryDigester.self)
        .get()
    }
    // Not summarizing: the whole documents.
    let whole = try StructuralDiff.skeleton(.bytes(bytes), summarizing: false).get()
    #expect(whole.digests.isEmpty)
    #expect(whole.documents == (try YAMLReader.read(bytes).get()))
    // Above the third level, only the collections of the keys kept are read.
    let shallow = try skeleton(keeping: ["a"])
    #expect(shallow.digests.count == 3)  // {c: 1}, [1, 2], [{g: 1}]
    #expect(shallow.documents.first?["f"].flatMap(StructuralDiff.Skeleton.ordinal) == 2)
    let skeleton = try skeleton(keeping: ["a", "f"])
    #expect(skeleton.digests.count == 3)  // {c: 1}, [1, 2], {g: 1}
    guard case .mapping(let a)? = skeleton.documents.first?["a"] else {
      Issue.record("the second level is read")
      return
    }
    #expect(a.map(\.key) == ["b", "d", "e"])
    #expect(a.map { StructuralDiff.Skeleton.ordinal(of: $0.value) } == [0, 1, nil])

    let document = try YAMLReader.read(bytes).get()[0]
    let digests = skeleton.digests
    var handed: [[Int: YAMLNode]] = []
    typealias Groups = [(old: ArraySlice<Int>, new: ArraySlice<Int>)]
    let read = YAMLReader.readSummarized(
      old: .bytes(bytes), new: .bytes(bytes), summarizingAt: 2, keeping: ["a", "f"], digester: SummaryDigester.self,
      oldDigests: digests,
      newDigests: digests, groups: [(old: [1], new: []), (old: [0, 2], new: [2])] as Groups
    ) { _, old, new in handed += [old, new] }
    #expect(throws: Never.self) { try read.get() }
    #expect(
      handed == [
        [1: document["a"]!["d"]!], [:], [0: document["a"]!["b"]!, 2: .map([("g", .int(1))])],
        [2: .map([("g", .int(1))])],
      ])
    let changed = Array("a:\n  b:\n    c: 2\n  d: [1, 2]\n  e: x\nf: [{g: 1}]\n".utf8)
    let again = YAMLReader.readSummarized(
      old: .bytes(changed), new: .bytes(bytes), summarizingAt: 2, keeping: ["a", "f"], digester: SummaryDigester.self,
      oldDigests: digests, newDigests: digests, groups: [(old: [2], new: [2])] as Groups
    ) { _, _, _ in }
    #expect(throws: YAMLReader.Failure.self) { try again.get() }
  }

  /// Files that differ only in their leading comment lines are equal without being parsed; a
  /// comment further down, or a `#` inside a value, is not skipped.
  @Test func leadingCommentsAloneMakeNoDifference() {
    func after(_ text: String) -> String {
      String(decoding: StructuralDiff.afterLeadingComments(Array(text.utf8)), as: UTF8.self)
    }
    #expect(after("# Generated by iacc\n# Do not edit\n---\na: 1\n") == "---\na: 1\n")
    #expect(after("a: '#1'\n# trailing\n") == "a: '#1'\n# trailing\n")
    #expect(after("#only\n#comments") == "")
    #expect(after(" # indented\na: 1\n") == " # indented\na: 1\n")
    let old = Array("# from old.iac\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\n".utf8)
    let same = Array("# from new.iac\n# and more\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\n".utf8)
    let changed = Array("# from new.iac\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '2'}\n".utf8)
    #expect(StructuralDiff.diff(old: old, new: same) == [])
    #expect(
      StructuralDiff.diff(old: old, new: changed) == [
        ResourceDiff(
          change: .changed, resource: "ConfigMap a", fields: [FieldChange(path: "data.x", old: "\"1\"", new: "\"2\"")])
      ])
  }

  /// Two streams hold the same events when libyaml reads them as the same trees, whatever the
  /// comments and layout; a different scalar, quoting that changes what a scalar means, or one
  /// more document is a difference.
  @Test func sameEventsIgnoreCommentsAndLayoutOnly() throws {
    func same(_ first: String, _ second: String) -> Bool {
      YAMLReader.sameEvents(.bytes(Array(first.utf8)), .bytes(Array(second.utf8)))
    }
    #expect(same("# one\na: 'x'\nb: [1, 2]\n", "# two\n---\na: \"x\"\nb:\n  - 1\n  - 2\n"))
    #expect(same("a: {b: c}\n", "a:\n  b: c\n"))
    #expect(!same("a: x\n", "a: y\n"))
    #expect(!same("a: 1\n", "a: '1'\n"))  // a number against a string
    #expect(!same("a: 1\n", "a: 1\n---\nb: 2\n"))
    #expect(!same("a: [1]\n", "a: [1, 2]\n"))
    #expect(!same("a: !unsafe x\n", "a: x\n"))
    #expect(!same("a: [unclosed\n", "a: [unclosed\n"))  // not YAML: never the same
  }

  /// Against the whole trees: random trees, each emitted with its own header, hold the same
  /// events exactly when they are equal.
  @Test func sameEventsMeansEqualTrees() throws {
    var generator = Generator(state: 5)
    for round in 0..<200 {
      let tree = Self.value(depth: 4, &generator)
      let other = Bool.random(using: &generator) ? tree : Self.mutated(tree, rate: 4, &generator)
      let first = try YAMLEmitter.emit(YAMLFile(header: ["first \(round)"], documents: [tree]))
      let second = try YAMLEmitter.emit(YAMLFile(header: ["second"], documents: [other]))
      let equal = try YAMLReader.read(first).get() == YAMLReader.read(second).get()
      #expect(YAMLReader.sameEvents(.bytes(first), .bytes(second)) == equal, "round \(round)")
    }
  }

  /// A file is read from disk in pieces: the same documents as from its bytes, also across
  /// libyaml's input buffer; a missing file is a failure that names it.
  @Test func filesReadAsTheirBytes() throws {
    var generator = Generator(state: 9)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-input-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for round in 0..<10 {
      let documents = (0..<(round == 0 ? 400 : 3)).map { _ in Self.value(depth: 3, &generator) }
      let bytes = try YAMLEmitter.emit(YAMLFile(documents: documents))
      let path = folder.appendingPathComponent("\(round).yaml").path
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      #expect(try YAMLReader.read(.file(path)).get() == YAMLReader.read(bytes).get())
    }
    guard case .failure(let failure) = YAMLReader.read(.file(folder.appendingPathComponent("missing.yaml").path)) else {
      Issue.record("a missing file cannot be read")
      return
    }
    #expect(failure.message.contains("missing.yaml"))
  }
}
