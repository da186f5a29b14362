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
        sources: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
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
