import Foundation
import Testing

@testable import IaCBasics
@testable import IaCPlan
@testable import IaCYAML

/// A large file is planned and staged in pieces (`FilePlanning.stage`), never held whole. Each part
/// of that is held to its whole-content counterpart, which is the oracle: the incremental hash to
/// `SHA256.hex`, the piece comparer to `FileSystem.compare`, the spilling emitter to `emit`, and a
/// plan made in pieces to a plan made whole, over random contents, disks and manifests.
@Suite struct StreamedStagingTests {
  typealias Generator = PropertyTests.SeededGenerator

  static func bytes(_ count: Int, _ generator: inout Generator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  /// Splits `bytes` at random places (empty pieces included).
  static func pieces(_ bytes: [UInt8], _ generator: inout Generator, longest: Int = 9) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + Int.random(in: 0...longest, using: &generator))
      result.append(Array(bytes[start..<end]))
      start = end
    }
    return result
  }

  @Test func incrementalHashEqualsTheWholeHash() {
    var generator = Generator(state: 5)
    for length in Array(0...200) + [4_096, 65_537, 300_001] {
      let content = Self.bytes(length, &generator)
      var hasher = SHA256.Hasher()
      for piece in Self.pieces(content, &generator, longest: length > 1_000 ? 9_000 : 70) {
        piece.withUnsafeBytes { hasher.update($0) }
      }
      #expect(hasher.finalize() == SHA256.hex(content), "length \(length)")
    }
  }

  @Test(arguments: 0..<30) func comparingPiecesEqualsComparingTheWhole(seed: UInt64) throws {
    var generator = Generator(state: seed &+ 77)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.path("file")
    let disk = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...2, using: &generator) }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(disk)))
    for _ in 0..<20 {
      var content = disk
      switch Int.random(in: 0...4, using: &generator) {
      case 0: break
      case 1: if !content.isEmpty { content.removeLast(Int.random(in: 1...content.count, using: &generator)) }
      case 2: content += [UInt8.random(in: 0...2, using: &generator)]
      case 3: if !content.isEmpty { content[Int.random(in: 0..<content.count, using: &generator)] ^= 1 }
      default:
        content = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...2, using: &generator)
        }
      }
      let comparer = PieceComparer(path: path)
      for piece in Self.pieces(content, &generator) { piece.withUnsafeBytes { comparer.feed($0) } }
      let status = comparer.finish()
      #expect(status == FileSystem.compare(path, with: content), "\(disk) against \(content)")
      // What it reports as matched is a common prefix, and reading it back gives exactly that.
      #expect(comparer.matched <= min(disk.count, content.count))
      #expect(disk.prefix(comparer.matched) == content.prefix(comparer.matched))
      var prefix: [UInt8] = []
      #expect(comparer.readMatchedPrefix(pieceSize: Int.random(in: 1...5, using: &generator)) { prefix += $0 })
      #expect(prefix == Array(disk.prefix(comparer.matched)))
      if status == .equal { #expect(comparer.matched == content.count) }
    }
    #expect(PieceComparer(path: folder.path("missing")).status == .notFound)
    #expect(PieceComparer(path: folder.url.path).status == .isDirectory)
  }

  /// Random trees, some of them generated mappings, spilled above random limits: the pieces and
  /// the rest make the file `emit` makes, and a file that stays under the limit is not spilled.
  @Test func spilledPiecesMakeTheSameFile() throws {
    var generator = Generator(state: 91)
    for _ in 0..<120 {
      let count = Int.random(in: 0...300, using: &generator)
      let values = (0..<count).map {
        "value-\($0)-" + String(repeating: "x", count: Int.random(in: 0...30, using: &generator))
      }
      let mapping = YAMLNode.generatedMapping(
        GeneratedPairs(count: count) { index in
          YAMLPair(key: "k\(index)", value: .map([("list", .sequence([.string(values[index]), .int(index)]))]))
        })
      let file = YAMLFile(header: ["a header"], documents: [mapping, .map([("tail", .string("end\nof\nfile\n"))])])
      let whole = try YAMLEmitter.emit(file)
      let limit = Int.random(in: 1...(whole.count + 100), using: &generator)
      var spilled: [UInt8] = []
      var spills = 0
      let rest = try YAMLEmitter.emit(file, spillingAbove: limit) { piece in
        #expect(piece.count > limit)
        spilled += piece
        spills += 1
      }
      #expect(spilled + rest == whole)
      if whole.count <= limit { #expect(spills == 0) }
    }
  }

  struct SinkFull: Error, Equatable {}

  @Test func aFailingSinkStopsTheEmitterWithItsError() throws {
    let file = YAMLFile(documents: [.map((0..<500).map { ("key\($0)", .string("value \($0)")) })])
    #expect(throws: SinkFull.self) {
      _ = try YAMLEmitter.emit(file, spillingAbove: 100) { _ in throw SinkFull() }
    }
  }

  /// Random previous builds, hand edits, deletions and folders in the way, then a plan of new
  /// contents made twice: whole (the oracle) and in pieces above a small random limit. Same
  /// verdicts, hashes, reasons and diffs; the same staged bytes; nothing left once discarded.
  @Test func planningInPiecesAgreesWithPlanningWhole() throws {
    var seen: [String: Int] = [:]
    for seed in 0..<60 {
      for change in try planBothWays(seed: UInt64(seed)) where change.bytes == nil || change.action == .conflict {
        seen["\(change.action) \(change.reason ?? "")", default: 0] += 1
      }
    }
    // Every verdict was reached, in pieces as well as whole.
    #expect(
      Set(seen.keys) == [
        "create ", "create deleted by hand since the last build", "update ", "unchanged ",
        "conflict edited by hand since the last build", "conflict the file exists but iacc did not generate it",
        "conflict a folder is in the way",
      ], "\(seen)")
  }

  /// One round of the comparison above; returns the plan made in pieces.
  func planBothWays(seed: UInt64) throws -> [FileChange] {
    var generator = Generator(state: seed &+ 1_234)
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let root = folder.url.path
    func yaml(_ lines: Int) -> [UInt8] {
      Array((0..<lines).map { "key\($0): v\(Int.random(in: 0...2, using: &generator))\n" }.joined().utf8)
    }
    let count = Int.random(in: 1...5, using: &generator)
    let paths = (0..<count).map { "dir\($0 % 2)/file\($0).yaml" }
    // The previous build: most files, through a real plan and apply (it writes the manifest).
    let previous = paths.map { _ in
      Int.random(in: 0..<5, using: &generator) == 0 ? nil : yaml(Int.random(in: 0...40, using: &generator))
    }
    let built = zip(paths, previous).compactMap { path, bytes in
      bytes.map { DesiredFile(path: path, bytes: $0, sources: []) }
    }
    let first = try Planner.plan(built, root: root, iaccVersion: "test")
    _ = try PlanApplier.apply(first, force: false)
    // What happened to each file since.
    for (path, bytes) in zip(paths, previous) {
      let full = "\(root)/\(path)"
      try FileManager.default.createDirectory(
        atPath: AtomicFileWriter.parent(of: full), withIntermediateDirectories: true)
      switch Int.random(in: 0..<6, using: &generator) {
      case 0 where bytes != nil: try? FileManager.default.removeItem(atPath: full)  // deleted by hand
      case 1: try Data(yaml(Int.random(in: 0...40, using: &generator))).write(to: URL(fileURLWithPath: full))  // edited
      case 2:  // a folder in the way
        try? FileManager.default.removeItem(atPath: full)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
      default: break
      }
    }
    // The new contents: the same as before, slightly changed, or new.
    let contents: [[UInt8]] = previous.map { bytes in
      guard var bytes, Int.random(in: 0..<3, using: &generator) != 0 else {
        return yaml(Int.random(in: 0...40, using: &generator))
      }
      if !bytes.isEmpty, Bool.random(using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8(ascii: "w")
      }
      return bytes
    }
    func staged(_ plan: Plan) -> [String: [UInt8]] {
      var found: [String: [UInt8]] = [:]
      for change in plan.changes where change.staged {
        found[change.path] = try? FileSystem.readFile(AtomicFileWriter.temporaryPath(for: "\(root)/\(change.path)"))
          .get()
      }
      return found
    }
    let whole = try Planner.plan(count: count, root: root, iaccVersion: "test", staging: true) {
      DesiredFile(path: paths[$0], bytes: contents[$0], sources: [])
    }
    let wholeStaged = staged(whole)
    PlanApplier.discard(whole)
    let limit = Int.random(in: 1...64, using: &generator)
    let split = (0..<count).map { Self.pieces(contents[$0], &generator, longest: 30) }
    let inPieces = try Planner.plan(count: count, root: root, iaccVersion: "test", staging: true, spillAbove: limit) {
      index in
      RenderedFile(path: paths[index], sources: []) { limit, spill in
        try Self.emulate(split[index], limit: limit, spill)
      }
    }
    let piecesStaged = staged(inPieces)
    PlanApplier.discard(inPieces)
    // A plan only to be shown: the same verdicts as a whole plan that does not stage, nothing
    // written, and no bytes kept.
    let shownWhole = try Planner.plan(count: count, root: root, iaccVersion: "test", staging: false) {
      DesiredFile(path: paths[$0], bytes: contents[$0], sources: [])
    }
    let shown = try Planner.plan(count: count, root: root, iaccVersion: "test", staging: false, spillAbove: limit) {
      index in
      RenderedFile(path: paths[index], sources: []) { limit, spill in
        try Self.emulate(split[index], limit: limit, spill)
      }
    }
    #expect(Self.temporaryFiles(under: root).isEmpty)
    for (a, b) in zip(shownWhole.changes, shown.changes) {
      #expect(a.path == b.path && a.action == b.action && a.reason == b.reason, "\(a.path)")
      #expect(a.newSHA256 == b.newSHA256 && a.currentSHA256 == b.currentSHA256, "\(a.path)")
      #expect(a.resources == b.resources, "\(a.path)")
      #expect(!b.staged && b.bytes == nil, "\(a.path)")
    }
    #expect(inPieces.changes.count == whole.changes.count)
    for (a, b) in zip(whole.changes, inPieces.changes) {
      #expect(a.path == b.path)
      #expect(a.action == b.action, "\(a.path)")
      #expect(a.reason == b.reason, "\(a.path)")
      #expect(a.newSHA256 == b.newSHA256, "\(a.path)")
      #expect(a.currentSHA256 == b.currentSHA256, "\(a.path)")
      #expect(a.staged == b.staged, "\(a.path)")
      #expect(a.bytes == b.bytes, "\(a.path)")
      #expect(a.resources == b.resources, "\(a.path)")
    }
    #expect(Set(piecesStaged.keys) == Set(wholeStaged.keys))
    for (path, bytes) in wholeStaged { #expect(piecesStaged[path] == bytes, "staged \(path)") }
    #expect(Self.temporaryFiles(under: root).isEmpty)
    return inPieces.changes
  }

  /// A render that fails after spilling: the plan fails with its error and stages nothing.
  @Test func aRenderThatFailsHalfWayLeavesNothingStaged() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(throws: SinkFull.self) {
      _ = try Planner.plan(count: 2, root: folder.url.path, iaccVersion: "test", staging: true, spillAbove: 4) {
        index in
        RenderedFile(path: "f\(index).yaml", sources: []) { _, spill in
          try [UInt8](repeating: 65, count: 10).withUnsafeBufferPointer { try spill($0) }
          if index == 1 { throw SinkFull() }
          return []
        }
      }
    }
    #expect(Self.temporaryFiles(under: folder.url.path).isEmpty)
  }

  /// What the emitter does, for bytes already cut into pieces: pieces accumulate until more than
  /// `limit` bytes are ready, then go to `spill`.
  static func emulate(_ pieces: [[UInt8]], limit: Int, _ spill: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows
    -> [UInt8]
  {
    var ready: [UInt8] = []
    for piece in pieces {
      ready += piece
      if ready.count > limit {
        try ready.withUnsafeBufferPointer { try spill($0) }
        ready = []
      }
    }
    return ready
  }

  static func temporaryFiles(under root: String) -> [String] {
    let names = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
    return names.filter { $0.contains(".iacc-tmp-") }
  }
}

/// A folder under the system's temporary folder, removed by the test.
struct TemporaryFolder {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  func remove() { try? FileManager.default.removeItem(at: url) }
}
