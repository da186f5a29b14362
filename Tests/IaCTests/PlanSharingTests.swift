import Foundation
import Testing

@testable import IaCPlan

/// A plan looks the last build's entries up where they are, and shares their hashes and sources
/// instead of holding a second copy of each.
@Suite struct PlanSharingTests {
  /// The binary search against a dictionary filled in order (the last entry of a path wins, as it
  /// did), over sorted arrays with repeated and missing paths.
  @Test func sortedEntriesFindWhatADictionaryFinds() {
    var generator = PropertyTests.SeededGenerator(state: 3)
    for _ in 0..<300 {
      let paths = (0..<Int.random(in: 0...20, using: &generator)).map { _ in
        "f\(Int.random(in: 0...12, using: &generator))"
      }.sorted()
      let entries = paths.enumerated().map { BuildManifest.Entry(path: $1, sha256: "\($0)", sources: []) }
      var byPath: [String: BuildManifest.Entry] = [:]
      for entry in entries { byPath[entry.path] = entry }
      let sorted = SortedEntries(entries)
      for probe in (0...13).map({ "f\($0)" }) + ["", "g", "f1 "] {
        #expect(sorted[probe] == byPath[probe], "\(probe) in \(paths)")
      }
    }
  }

  /// Reading a manifest back, the sources' file and resource names that repeat share one copy.
  @Test func aManifestReadsRepeatedNamesOnce() throws {
    let source = BuildManifest.Source(file: "/a/long/path/to/the/program.iac", line: 3, resource: "service a-long-name")
    let manifest = BuildManifest(
      iaccVersion: "test",
      entries: (0..<5).map {
        BuildManifest.Entry(path: "f\($0).yaml", sha256: String(repeating: "a", count: 64), sources: [source])
      })
    let read = try BuildManifest.parse(Array(manifest.json().serialized(.pretty).utf8)).get()
    #expect(read.entries == manifest.entries)
    var files = read.entries.map { $0.sources[0].file }
    var resources = read.entries.map { $0.sources[0].resource! }
    let fileAddresses = Set(files.indices.map { files[$0].withUTF8 { UInt(bitPattern: $0.baseAddress) } })
    let resourceAddresses = Set(resources.indices.map { resources[$0].withUTF8 { UInt(bitPattern: $0.baseAddress) } })
    #expect(fileAddresses.count == 1 && resourceAddresses.count == 1)
  }

  /// Entries that list the same sources (a service's Deployment and Service) share one array once
  /// read; different lists stay apart.
  @Test func aManifestReadsEqualSourceListsOnce() throws {
    let lists = [
      [BuildManifest.Source(file: "main.iac", line: 3, resource: "service web")],
      [BuildManifest.Source(file: "main.iac", line: 9, resource: "service db")],
      [],
    ]
    let manifest = BuildManifest(
      iaccVersion: "test",
      entries: (0..<9).map { BuildManifest.Entry(path: "f\($0).yaml", sha256: "x", sources: lists[$0 % 3]) })
    let read = try BuildManifest.parse(manifest.serialized()).get()
    #expect(read == manifest)
    for (a, b) in zip(read.entries, read.entries.dropFirst(3)) where !a.sources.isEmpty {
      #expect(
        a.sources.withUnsafeBufferPointer { $0.baseAddress } == b.sources.withUnsafeBufferPointer { $0.baseAddress })
    }
    #expect(
      read.entries[0].sources.withUnsafeBufferPointer { $0.baseAddress }
        != read.entries[1].sources.withUnsafeBufferPointer { $0.baseAddress })
  }

  /// After a build, a plan of the same files keeps, for each, the very path and source list of the
  /// manifest it read: one copy, not two. (Hashes are 32 bytes held inline: nothing to share.)
  @Test func aNoChangePlanSharesTheManifestsHashesAndSources() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-share-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let source = BuildManifest.Source(file: "main.iac", line: 3, resource: "service a-long-enough-name")
    let files = (0..<20).map {
      DesiredFile(path: "a-folder/a-file-\($0).yaml", bytes: Array("k: \($0)\n".utf8), sources: [source])
    }
    _ = try PlanApplier.apply(try Planner.plan(files, root: folder.path, iaccVersion: "test"), force: false)
    let plan = try Planner.plan(count: files.count, root: folder.path, iaccVersion: "test", staging: true) { files[$0] }
    let previous = try #require(plan.previousManifest)
    #expect(plan.changes.count == files.count)
    for (change, entry) in zip(plan.changes, previous.entries) {
      #expect(change.action == .unchanged)
      #expect(change.newHash == entry.hash, "\(change.path)")
      #expect(
        change.sources.withUnsafeBufferPointer { $0.baseAddress }
          == entry.sources.withUnsafeBufferPointer { $0.baseAddress })
      // The paths (long enough to be stored apart) too.
      var path = change.path
      var entryPath = entry.path
      #expect(path.withUTF8 { $0.baseAddress } == entryPath.withUTF8 { $0.baseAddress }, "\(change.path)")
    }
  }

  /// A manifest read with the caller's own paths holds those very strings where they are equal,
  /// and reads the same entries.
  @Test func aManifestReadWithKnownPathsSharesThem() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-known-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let manifest = BuildManifest(
      iaccVersion: "test",
      entries: (0..<30).map {
        BuildManifest.Entry(path: "production/kubernetes/namespace/deployment-\($0).yaml", sha256: "x", sources: [])
      })
    let file = folder.appendingPathComponent("manifest.json")
    try Data(manifest.serialized()).write(to: file)
    // Known: the even ones, as strings of their own.
    let known = (0..<30).filter { $0 % 2 == 0 }.map { String("production/kubernetes/namespace/deployment-\($0).yaml") }
    let read = try #require(BuildManifest.read(file.path) { path in known.first { $0 == path } }).get()
    #expect(read == manifest)
    func address(_ text: String) -> UInt? {
      var text = text
      return text.withUTF8 { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }
    let knownAddresses = Set(known.compactMap(address))
    for entry in read.entries {
      #expect(knownAddresses.contains(address(entry.path)!) == known.contains(entry.path), "\(entry.path)")
    }
    #expect(read.entries.count { knownAddresses.contains(address($0.path)!) } == 15)
  }

  /// A file's diffs are held packed: unpacked, they are the diffs that were packed, in order, for
  /// any names, paths and values (empty, absent, non-ASCII, and longer than one length byte holds).
  @Test func packedDiffsUnpackToTheDiffsPacked() {
    var generator = PropertyTests.SeededGenerator(state: 11)
    func text() -> String? {
      switch Int.random(in: 0..<6, using: &generator) {
      case 0: return nil
      case 1: return ""
      case 2: return "é→\u{1F600}\n\"x\""
      case 3: return String(repeating: "a", count: Int.random(in: 128...20_000, using: &generator))
      default: return "v\(Int.random(in: 0...999, using: &generator))"
      }
    }
    let changes: [ResourceDiff.Change] = [.added, .removed, .changed]
    for _ in 0..<100 {
      let diffs = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
        ResourceDiff(
          change: changes.randomElement(using: &generator)!, resource: text() ?? "Deployment a/b",
          fields: (0..<Int.random(in: 0...40, using: &generator)).map { _ in
            FieldChange(path: text() ?? "spec.replicas", old: text(), new: text())
          })
      }
      let packed = PackedResourceDiffs(diffs)
      #expect(Array(packed) == diffs)
      // The sizes reserved for a large file's diffs are exact.
      #expect(
        packed.byteCount
          == diffs.reduce(0) {
            $0
              + PackedResourceDiffs.Builder.size(
                resource: $1.resource.utf8.count, fields: .init($1.fields))
          })
      #expect(packed.count == diffs.count && packed.isEmpty == diffs.isEmpty)
      var change = FileChange(path: "f.yaml", action: .update, sources: [], resources: diffs)
      #expect(change.resources == diffs)
      change.resources = nil
      #expect(change.resources == nil && change.resourceDiffs == nil)
    }
  }
}
