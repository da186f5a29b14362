import Foundation
import IaCJSON
import Testing

@testable import IaCPlan

/// The build manifest is written one entry at a time; jansson writing the whole document at once
/// is the oracle it must match byte for byte, and reading it back must give the same manifest.
@Suite struct ManifestSerializationTests {
  /// Strings a path, a resource or a version may hold: quotes, backslashes, control characters,
  /// non-ASCII, and a slash (which jansson leaves unescaped).
  static let pieces = [
    "a", "svc-1", "prod/kubernetes", "\"q\"", "back\\slash", "tab\t", "line\nbreak", "é→✓", "\u{1}", " ",
  ]

  static func text(_ generator: inout PropertyTests.SeededGenerator) -> String {
    (0..<Int.random(in: 0...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
  }

  static func hash(_ generator: inout PropertyTests.SeededGenerator) -> String {
    String((0..<64).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
  }

  @Test(arguments: 0..<60) func entryByEntryEqualsTheWholeDocument(seed: UInt64) throws {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 1)
    let entries = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
      // Paths and hashes must be valid for the manifest to be read back; the rest may hold anything.
      BuildManifest.Entry(
        path: "prod/kubernetes/é-\(Int.random(in: 0...999, using: &generator)).yaml", sha256: Self.hash(&generator),
        previousSHA256: Bool.random(using: &generator) ? Self.hash(&generator) : nil,
        // Up to eight sources an entry is one value to jansson; more are written one at a time.
        sources: (0..<[0, 1, 2, 3, 8, 9, 12].randomElement(using: &generator)!).map { _ in
          BuildManifest.Source(
            file: Self.text(&generator), line: Int.random(in: 0...100_000, using: &generator),
            resource: Bool.random(using: &generator) ? Self.text(&generator) : nil)
        })
    }
    let manifest = BuildManifest(iaccVersion: Self.text(&generator), entries: entries)
    let whole = Array((manifest.json().serialized(.pretty) + "\n").utf8)
    #expect(manifest.serialized() == whole)
    // Written to its file in pieces: any piece size gives the same bytes.
    var pieces: [[UInt8]] = []
    manifest.serialize(pieceSize: Int.random(in: 1...300, using: &generator)) { pieces.append($0) }
    #expect(Array(pieces.joined()) == whole)
    #expect(try BuildManifest.parse(manifest.serialized()).get() == manifest)
  }
}

/// The manifest is read entry by entry (JSONReader). jansson reading the whole document, then the
/// same fields taken from its tree, is the oracle: every layout, reordering, truncation and
/// corruption of a manifest must read the same, or fail the same.
@Suite struct ManifestReadingTests {
  /// The reading iacc did before, over one jansson tree, with two corrections: bytes that are not
  /// UTF-8 are refused (jansson's check; that reading replaced them before jansson saw them), and
  /// so is a raw NUL byte, which JSON never allows (jansson skips one between tokens).
  static func wholeDocumentParse(_ bytes: [UInt8]) -> Result<BuildManifest, BuildManifest.ReadError> {
    guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self),
      case .success(let document) = JSONValue.parse(text)
    else {
      return .failure(.malformed("not JSON"))
    }
    guard let version = document["format_version"]?.intValue else { return .failure(.malformed("no format_version")) }
    guard version <= BuildManifest.formatVersion else { return .failure(.unsupportedVersion(version)) }
    guard version == BuildManifest.formatVersion, let files = document["files"]?.arrayValue else {
      return .failure(.malformed("no files list"))
    }
    var entries: [BuildManifest.Entry] = []
    for file in files {
      guard let path = file["path"]?.stringValue, let hash = file["sha256"]?.stringValue,
        BuildManifest.isSafeRelativePath(path)
      else { return .failure(.malformed("a file entry without a safe relative path and sha256")) }
      let sources = (file["sources"]?.arrayValue ?? []).compactMap { source -> BuildManifest.Source? in
        guard let file = source["file"]?.stringValue, let line = source["line"]?.intValue else { return nil }
        return BuildManifest.Source(file: file, line: line, resource: source["resource"]?.stringValue)
      }
      entries.append(
        BuildManifest.Entry(
          path: path, sha256: hash, previousSHA256: file["previous_sha256"]?.stringValue, sources: sources))
    }
    return .success(
      BuildManifest(iaccVersion: document["iacc_version"]?.stringValue ?? "unknown", entries: entries))
  }

  static func randomManifest(_ generator: inout PropertyTests.SeededGenerator) -> BuildManifest {
    let entries = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
      BuildManifest.Entry(
        path: "prod/k8s/\(Int.random(in: 0...999, using: &generator)).yaml",
        sha256: ManifestSerializationTests.hash(&generator),
        previousSHA256: Bool.random(using: &generator) ? ManifestSerializationTests.hash(&generator) : nil,
        sources: (0..<Int.random(in: 0...2, using: &generator)).map { _ in
          BuildManifest.Source(
            file: ManifestSerializationTests.text(&generator), line: Int.random(in: 0...100_000, using: &generator),
            resource: Bool.random(using: &generator) ? ManifestSerializationTests.text(&generator) : nil)
        })
    }
    return BuildManifest(iaccVersion: ManifestSerializationTests.text(&generator), entries: entries)
  }

  /// The same manifest in other layouts a person or a tool might leave: compact, members
  /// reordered, unknown members of every JSON type, odd whitespace, and sometimes a bad entry,
  /// another format version, a repeated member or no files list.
  static func variant(of manifest: BuildManifest, _ generator: inout PropertyTests.SeededGenerator) -> [UInt8] {
    guard case .object(let object) = manifest.json() else { return [] }
    var members = object.entries
    if Bool.random(using: &generator) { members.shuffle(using: &generator) }
    let extras: [JSONValue] = [
      .null, .bool(true), .bool(false), .int(-12), .double(2.5e3), .string("x\"]}"), .array([.int(1), .object([:])]),
      .object(["files": .array([]), "nested": .object(["a": .null])]),
    ]
    for index in 0..<Int.random(in: 0...2, using: &generator) {
      members.insert(
        (key: "extra_\(index)", value: extras.randomElement(using: &generator)!),
        at: Int.random(in: 0...members.count, using: &generator))
    }
    switch Int.random(in: 0...9, using: &generator) {
    case 0: members.removeAll { $0.key == "files" }
    case 1: members = members.map { $0.key == "format_version" ? (key: $0.key, value: .int(2)) : $0 }
    case 2: members = members.map { $0.key == "files" ? (key: $0.key, value: .object([:])) : $0 }
    case 3:
      members = members.map {
        guard $0.key == "files", case .array(var files) = $0.value else { return $0 }
        files.append(.object(["path": .string("../escape"), "sha256": .string("00")]))
        return (key: $0.key, value: .array(files))
      }
    default: break
    }
    var text = JSONValue.object(JSONObject(members)).serialized(Bool.random(using: &generator) ? .pretty : .compact)
    if Int.random(in: 0...9, using: &generator) == 0 {
      // A repeated member: jansson rejects the document.
      text.removeLast()
      text += ", \"iacc_version\": \"again\"}"
    }
    let padding = [" ", "\n", "\t", "\r\n", ""]
    return Array((padding.randomElement(using: &generator)! + text + padding.randomElement(using: &generator)!).utf8)
  }

  /// The reader that reads the text a piece at a time (as iacc reads a manifest file), handed
  /// pieces of `size` bytes or fewer (a source may give less than asked for).
  static func piecewiseParse(_ bytes: [UInt8], pieceSize: Int) -> Result<BuildManifest, BuildManifest.ReadError> {
    var position = 0
    var round = 0
    return BuildManifest.parse(
      JSONReader(pieceSize: pieceSize) { count in
        round += 1
        let size = round % 3 == 0 ? max(1, count / 2) : count
        let end = min(bytes.count, position + size)
        defer { position = end }
        return Array(bytes[position..<end])
      })
  }

  @Test(arguments: 0..<80) func anyLayoutReadsAsTheWholeDocumentDoes(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 301)
    let manifest = Self.randomManifest(&generator)
    let bytes = Self.variant(of: manifest, &generator)
    let expected = Self.wholeDocumentParse(bytes)
    #expect(BuildManifest.parse(bytes) == expected, "\(String(decoding: bytes, as: UTF8.self))")
    let pieceSize = Int.random(in: 1...80, using: &generator)
    #expect(Self.piecewiseParse(bytes, pieceSize: pieceSize) == expected, "pieces of \(pieceSize)")
  }

  /// Through a file, as a build reads it: the same as the whole document, at any piece size.
  @Test func aManifestFileReadInPiecesReadsAsTheWholeDocumentDoes() throws {
    var generator = PropertyTests.SeededGenerator(state: 4_242)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-pieces-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("manifest.json")
    for _ in 0..<20 {
      let bytes = Self.variant(of: Self.randomManifest(&generator), &generator)
      try Data(bytes).write(to: file)
      for pieceSize in [1, 7, 64, 1 << 16] {
        #expect(BuildManifest.read(file.path, pieceSize: pieceSize) == Self.wholeDocumentParse(bytes))
      }
    }
    #expect(BuildManifest.read(folder.appendingPathComponent("absent.json").path) == nil)
  }

  /// Cut short or with a byte changed, a manifest reads the same as the whole document would:
  /// the reader never accepts what jansson rejects, nor the other way round.
  @Test(arguments: 0..<40) func truncatedOrCorruptedReadsAsTheWholeDocumentDoes(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 907)
    let bytes = Self.variant(of: Self.randomManifest(&generator), &generator)
    guard !bytes.isEmpty else { return }
    let replacements = Array("{}[],:\"\\ 0a-".utf8) + [0x00, 0xFF]
    for _ in 0..<20 {
      var changed = bytes
      if Bool.random(using: &generator) {
        changed.removeLast(Int.random(in: 1...changed.count, using: &generator))
      } else {
        changed[Int.random(in: 0..<changed.count, using: &generator)] = replacements.randomElement(using: &generator)!
      }
      let expected = Self.wholeDocumentParse(changed)
      #expect(BuildManifest.parse(changed) == expected, "\(String(decoding: changed, as: UTF8.self))")
      let pieceSize = Int.random(in: 1...40, using: &generator)
      #expect(Self.piecewiseParse(changed, pieceSize: pieceSize) == expected, "pieces of \(pieceSize)")
    }
  }
}

/// Which names in an output folder are temporary files of a build, and of which process.
@Suite struct TemporaryNameTests {
  @Test(arguments: [
    (".deployment-a.yaml.iacc-tmp-4242", Int32?(4242)), (".x.iacc-tmp-1", 1), (".iacc-tmp-7", 7),
    ("deployment-a.yaml.iacc-tmp-4242", nil), (".x.iacc-tmp-", nil), (".x.iacc-tmp-12a", nil),
    (".x.iacc-tmpl-12", nil), (".x.yaml", nil), ("", nil), (".é.iacc-tmp-99", 99), (".a-b.iacc-tmp-5", 5),
    (".x.iacc-tmp-99999999999", nil),
  ])
  func ownerIsReadFromTheName(name: String, owner: Int32?) {
    #expect(PlanApplier.temporaryOwner(name) == owner)
  }

  @Test func theNameAWriterUsesIsRecognised() {
    let path = AtomicFileWriter.temporaryPath(for: "out/prod/kubernetes/ns/deployment-a.yaml")
    let name = String(path.split(separator: "/").last!)
    #expect(PlanApplier.temporaryOwner(name) == ProcessInfo.processInfo.processIdentifier)
  }
}
