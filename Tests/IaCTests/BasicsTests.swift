import Foundation
import Testing

@testable import IaCBasics

/// The small pieces the build's speed rests on: each must give exactly what its plain version gives.
@Suite struct ParallelTests {
  @Test func mapEqualsTheSequentialMapInOrder() {
    // Counts around the chunking boundaries (a few chunks per core) and a large one.
    for count in Array(0...40) + [97, 1_000, 10_007] {
      let expected = (0..<count).map { $0 &* 2_654_435_761 ^ count }
      #expect(Parallel.map(count) { $0 &* 2_654_435_761 ^ count } == expected, "count \(count)")
    }
  }

  @Test func mapRunsEachIndexExactlyOnce() {
    let counter = Counter(size: 5_003)
    _ = Parallel.map(5_003) { counter.increment($0) }
    #expect(counter.values == Array(repeating: 1, count: 5_003))
  }

  /// One slot per index, written from whichever thread runs it.
  final class Counter: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Int>
    init(size: Int) {
      slots = .allocate(capacity: size)
      slots.initialize(repeating: 0)
    }
    deinit { slots.deallocate() }
    func increment(_ index: Int) { slots[index] += 1 }
    var values: [Int] { Array(slots) }
  }
}

/// A class, so that each test's folder is removed when the test ends (it was left in the
/// temporary directory, three folders a run).
@Suite final class FileSystemReadTests {
  let folder: URL

  init() {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-read-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  func write(_ bytes: [UInt8], _ name: String) -> String {
    let url = folder.appendingPathComponent(name)
    #expect(FileManager.default.createFile(atPath: url.path, contents: Data(bytes)))
    return url.path
  }

  @Test func readsFilesOfEverySizeExactly() throws {
    for size in [0, 1, 4_095, 4_096, 65_537, 300_001] {
      let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }
      #expect(try FileSystem.readFile(write(bytes, "f\(size)")).get() == bytes, "size \(size)")
    }
  }

  @Test func readsAFileWhoseSizeIsNotKnownInAdvance() throws {
    // /proc files report a size of 0 and still have content.
    let text = String(decoding: try FileSystem.readFile("/proc/version").get(), as: UTF8.self)
    #expect(text.hasPrefix("Linux version"))
  }

  @Test func missingFilesAndFoldersAreTold() {
    #expect(FileSystem.readFile(folder.appendingPathComponent("absent").path) == .failure(.notFound))
    #expect(FileSystem.readFile(folder.path) == .failure(.isDirectory))
    let file = write([1], "plain")
    #expect(FileSystem.readFile(file + "/below") == .failure(.notFound))
  }
}

@Suite struct SourceRangeTests {
  let file = SourceFile(path: "x.iac", bytes: Array("let a = 1\n".utf8))

  @Test func offsetsBeyondSixteenBitsAndUpToTheLimitSurvive() {
    for offset in [0, 65_536, 70_000_123, SourceFile.maximumByteCount, 4_000_000_000] {
      let range = SourceRange(file: file, start: offset, end: offset + 5)
      #expect(range.start == offset && range.end == offset + 5)
    }
  }

  @Test func anEndBeforeTheStartIsAnEmptyRange() {
    let range = SourceRange(file: file, start: 7, end: 3)
    #expect(range.start == 7 && range.end == 7)
  }

  @Test func anOptionalRangeNeedsNoTagByte() {
    // The checked model holds millions of these: keep them two words.
    #expect(MemoryLayout<SourceRange?>.size == 16)
  }
}

/// Comparing a file with bytes a piece at a time (how a plan checks that a file is up to date)
/// answers what reading the whole file and comparing would.
@Suite struct FileComparisonTests {
  @Test(arguments: 0..<40) func comparingInPiecesEqualsReadingTheWholeFile(seed: UInt64) throws {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 4_242)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iacc-compare-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("file").path
    let contents = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...3, using: &generator)
    }
    #expect(FileManager.default.createFile(atPath: path, contents: Data(contents)))
    for _ in 0..<20 {
      var expected = contents
      switch Int.random(in: 0...4, using: &generator) {
      case 0: break  // the same
      case 1: if !expected.isEmpty { expected.removeLast(Int.random(in: 1...expected.count, using: &generator)) }
      case 2:
        expected += (0..<Int.random(in: 1...5, using: &generator)).map { _ in UInt8.random(in: 0...3, using: &generator)
        }
      case 3: if !expected.isEmpty { expected[Int.random(in: 0..<expected.count, using: &generator)] ^= 1 }
      default:
        expected = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...3, using: &generator)
        }
      }
      let whole = try FileSystem.readFile(path).get() == expected
      let pieces = FileSystem.compare(path, with: expected, pieceSize: Int.random(in: 1...9, using: &generator))
      #expect(pieces == (whole ? .equal : .different), "\(contents) against \(expected)")
    }
    #expect(FileSystem.compare(folder.path, with: []) == .isDirectory)
    #expect(FileSystem.compare(folder.appendingPathComponent("missing").path, with: []) == .notFound)
  }
}

/// The SHA extensions compress blocks exactly as the Swift reference does (when this CPU has them;
/// the digests are also held to known vectors and sha256sum in SHA256Tests).
@Suite struct SHA256CompressionTests {
  @Test(arguments: 0..<30) func theExtensionsAgreeWithTheReference(seed: UInt64) {
    var generator = PropertyTests.SeededGenerator(state: seed &+ 31_337)
    let blocks = Int.random(in: 1...9, using: &generator)
    let bytes = (0..<(64 * blocks)).map { _ in UInt8.random(in: 0...255, using: &generator) }
    var reference = SHA256.State()
    var extensions = SHA256.State()
    // Start from a random state too, not only the initial one.
    reference.a = UInt32.random(in: 0...UInt32.max, using: &generator)
    reference.h = UInt32.random(in: 0...UInt32.max, using: &generator)
    extensions.a = reference.a
    extensions.h = reference.h
    bytes.withUnsafeBytes { reference.compressInSwift($0.baseAddress!, blocks: blocks) }
    guard SHA256.hasExtensions else { return }
    bytes.withUnsafeBytes { extensions.compressWithExtensions($0.baseAddress!, blocks: blocks) }
    #expect(extensions.words == reference.words)
  }
}

#if canImport(Glibc)
  @Suite struct MemoryPolicyTests {
    /// Whether glibc served an allocation with a mapping of its own: the IS_MMAPPED bit of the
    /// chunk's size word, just before the pointer it returned.
    func isMapped(_ pointer: UnsafeMutableRawPointer) -> Bool {
      (pointer.load(fromByteOffset: -MemoryLayout<Int>.size, as: Int.self) & 2) != 0
    }

    /// glibc takes the setting. (What it changes, a build's peak, is measured by the benchmarks:
    /// within a test process, a large request may be served from a hole that other tests left,
    /// whatever the threshold.)
    @Test func theAllocatorTakesTheThreshold() throws {
      #expect(MemoryPolicy.keepLargeAllocationsOutOfTheHeap())
      // And a request above it, with no hole that large, gets a mapping: 64 MiB is above any
      // threshold glibc would pick by itself.
      let large = try #require(malloc(64 << 20))
      defer { free(large) }
      #expect(isMapped(large))
      let small = try #require(malloc(64))
      defer { free(small) }
      #expect(!isMapped(small))
    }
  }
#endif

/// Where lines start, kept for the whole build: it must say what scanning the bytes says.
@Suite struct LineStartsTests {
  /// Line starts as 32-bit offsets, against the obvious computation: after every newline, the
  /// first line after a byte-order mark, on random bytes heavy in newlines.
  @Test(arguments: 0..<40) func lineStartsMatchEveryNewline(seed: Int) {
    var generator = PropertyTests.SeededGenerator(state: UInt64(seed) &+ 91_000)
    var bytes: [UInt8] = seed % 3 == 0 ? [0xEF, 0xBB, 0xBF] : []
    for _ in 0..<Int(generator.next() % 400) {
      bytes.append([UInt8(ascii: "\n"), UInt8(ascii: "a"), UInt8(ascii: "\r"), 0xC3, 0xA9][Int(generator.next() % 5)])
    }
    var expected = [seed % 3 == 0 ? 3 : 0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { expected.append(offset + 1) }
    let file = SourceFile(path: "t.iac", bytes: bytes)
    #expect(Array(file.lineStarts) == expected)
    #expect(file.location(of: bytes.count).line == expected.count)
  }
}

/// A file hashed a piece at a time has the digest of its bytes, at any piece size.
@Suite struct FileDigestTests {
  @Test(arguments: [0, 1, 63, 64, 65, 1_000, 100_000]) func piecesHashAsTheWhole(size: Int) throws {
    var generator = PropertyTests.SeededGenerator(state: UInt64(size) &+ 3)
    let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data(bytes).write(to: url)
    for pieceSize in [1, 7, 64, 1 << 20] {
      #expect(FileSystem.digest(ofFile: url.path, pieceSize: pieceSize) == SHA256.digest(bytes))
    }
    #expect(FileSystem.digest(ofFile: url.path + ".missing") == nil)
  }
}

/// A build lets the program's text go once its diagnostics are written; every line number stays
/// what it was, which is all the plan asks of a range from then on.
@Suite struct SourceReleaseTests {
  @Test func linesSurviveTheText() {
    var generator = PropertyTests.SeededGenerator(state: 17)
    for round in 0..<50 {
      let pieces = ["a", "é", "\n", "\r\n", " ", "\u{FEFF}"]
      let text =
        (round % 2 == 0 ? "\u{FEFF}" : "")
        + (0..<Int.random(in: 0...200, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
        .joined()
      let file = SourceFile(path: "main.iac", text: text)
      let offsets = Array(-1...(file.byteCount + 1))
      let before = offsets.map { file.location(of: $0) }
      file.releaseBytes()
      #expect(file.bytes.isEmpty)
      #expect(offsets.map { file.location(of: $0).line } == before.map(\.line))
      #expect(offsets.map { file.line(of: $0) } == before.map(\.line))
      #expect(offsets.map { file.location(of: $0).offset } == before.map(\.offset))
    }
  }
}
