internal import CSHA256

/// SHA-256 (FIPS 180-4), for content hashes in the build manifest. Small and dependency-free:
/// Foundation has no hash on Linux, and swift-crypto would double the build time for one function.
public enum SHA256 {
  /// The digest as 64 lowercase hex digits.
  public static func hex<Bytes: Collection>(_ message: Bytes) -> String where Bytes.Element == UInt8 {
    Digest(finalState(message)).hex
  }

  /// The digest as 32 bytes.
  public static func digest<Bytes: Collection>(_ message: Bytes) -> Digest where Bytes.Element == UInt8 {
    Digest(finalState(message))
  }

  /// A digest held as its 32 bytes: a plan keeps one for each of tens of thousands of files, and
  /// as 64 hex digits each took a 112-byte allocation of its own.
  public struct Digest: Sendable, Hashable, CustomStringConvertible {
    private let first, second, third, fourth: UInt64

    init(_ state: State) {
      func pair(_ high: UInt32, _ low: UInt32) -> UInt64 { UInt64(high) << 32 | UInt64(low) }
      (first, second, third, fourth) = (
        pair(state.a, state.b), pair(state.c, state.d), pair(state.e, state.f), pair(state.g, state.h)
      )
    }

    /// Exactly 64 lowercase hex digits (as `hex` writes them); nil for anything else.
    public init?(hex: String) {
      var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
      var word: UInt64 = 0
      var digits = 0
      for byte in hex.utf8 {
        let value: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
        default: return nil
        }
        guard digits < 64 else { return nil }
        word = word << 4 | UInt64(value)
        digits += 1
        switch digits {
        case 16: words.0 = word
        case 32: words.1 = word
        case 48: words.2 = word
        case 64: words.3 = word
        default: continue
        }
        word = 0
      }
      guard digits == 64 else { return nil }
      (first, second, third, fourth) = words
    }

    /// The 64 lowercase hex digits.
    public var hex: String {
      String(unsafeUninitializedCapacity: 64) { text in
        for (index, word) in [first, second, third, fourth].enumerated() {
          for position in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * position)) & 0xF
            text[16 * index + position] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
          }
        }
        return 64
      }
    }

    public var description: String { hex }
  }

  /// The state after the whole message and its padding.
  static func finalState<Bytes: Collection>(_ message: Bytes) -> State where Bytes.Element == UInt8 {
    if let state = message.withContiguousStorageIfAvailable({ finalState(UnsafeRawBufferPointer($0)) }) {
      return state
    }
    return Array(message).withUnsafeBytes { finalState($0) }
  }

  static func finalState(_ bytes: UnsafeRawBufferPointer) -> State {
    var state = State()
    let fullBlocks = bytes.count / 64
    if let base = bytes.baseAddress, fullBlocks > 0 { state.compress(base, blocks: fullBlocks) }
    finish(
      &state, tail: UnsafeRawBufferPointer(rebasing: bytes[(fullBlocks * 64)...]), pending: [], length: bytes.count)
    return state
  }

  /// Compresses the last bytes (`pending`, then `tail`: less than a block), the 0x80 marker and
  /// the length in bits, in one or two last blocks.
  static func finish(_ state: inout State, tail: UnsafeRawBufferPointer, pending: [UInt8], length: Int) {
    var last = pending
    last.append(contentsOf: tail)
    last.append(0x80)
    while last.count % 64 != 56 { last.append(0) }
    let bitLength = UInt64(length) &* 8
    for shift in stride(from: 56, through: 0, by: -8) {
      last.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    last.withUnsafeBytes { state.compress($0.baseAddress!, blocks: $0.count / 64) }
  }

  /// A hash of content that arrives in pieces (a large file as it is rendered): the same digest
  /// as `hex` of all the pieces together.
  public struct Hasher: Sendable {
    private var state = State()
    /// The bytes of an unfinished block.
    private var pending: [UInt8] = []
    private var length = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
      guard var base = bytes.baseAddress else { return }
      var count = bytes.count
      length += count
      if !pending.isEmpty {
        let taken = min(64 - pending.count, count)
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: taken))
        base += taken
        count -= taken
        guard pending.count == 64 else { return }
        pending.withUnsafeBytes { state.compress($0.baseAddress!, blocks: 1) }
        pending.removeAll(keepingCapacity: true)
      }
      let blocks = count / 64
      if blocks > 0 { state.compress(base, blocks: blocks) }
      pending.append(contentsOf: UnsafeRawBufferPointer(start: base + blocks * 64, count: count - blocks * 64))
    }

    /// The digest as 64 lowercase hex digits.
    public func finalize() -> String { finalizeDigest().hex }

    /// The digest as 32 bytes.
    public func finalizeDigest() -> Digest {
      var state = state
      SHA256.finish(&state, tail: UnsafeRawBufferPointer(start: nil, count: 0), pending: pending, length: length)
      return Digest(state)
    }
  }

  /// Whether the CPU's SHA extensions compress the blocks (checked once). Hashing every generated
  /// file was 5% of a build's CPU time in Swift; the extensions do the same in a fraction.
  static let hasExtensions = iacc_sha256_shani_available() != 0

  /// The eight working words.
  struct State {
    var a: UInt32 = 0x6a09_e667, b: UInt32 = 0xbb67_ae85, c: UInt32 = 0x3c6e_f372, d: UInt32 = 0xa54f_f53a
    var e: UInt32 = 0x510e_527f, f: UInt32 = 0x9b05_688c, g: UInt32 = 0x1f83_d9ab, h: UInt32 = 0x5be0_cd19

    var words: [UInt32] { [a, b, c, d, e, f, g, h] }

    /// Compresses `blocks` consecutive 64-byte blocks starting at `base`.
    mutating func compress(_ base: UnsafeRawPointer, blocks: Int) {
      if SHA256.hasExtensions {
        compressWithExtensions(base, blocks: blocks)
      } else {
        compressInSwift(base, blocks: blocks)
      }
    }

    mutating func compressWithExtensions(_ base: UnsafeRawPointer, blocks: Int) {
      var words = (a, b, c, d, e, f, g, h)
      withUnsafeMutableBytes(of: &words) { raw in
        iacc_sha256_shani_blocks(
          raw.baseAddress!.assumingMemoryBound(to: UInt32.self), base.assumingMemoryBound(to: UInt8.self), blocks)
      }
      (a, b, c, d, e, f, g, h) = words
    }

    /// The reference: FIPS 180-4 as written.
    mutating func compressInSwift(_ base: UnsafeRawPointer, blocks: Int) {
      let k = iacc_sha256_round_constants()!
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
        for block in 0..<blocks {
          let bytes = base + block * 64
          for i in 0..<16 { w[i] = bytes.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self).bigEndian }
          for i in 16..<64 {
            let s0 = rotate(w[i - 15], 7) ^ rotate(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotate(w[i - 2], 17) ^ rotate(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
          }
          var (a, b, c, d, e, f, g, h) = (self.a, self.b, self.c, self.d, self.e, self.f, self.g, self.h)
          for i in 0..<64 {
            let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
            let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
          }
          self.a &+= a
          self.b &+= b
          self.c &+= c
          self.d &+= d
          self.e &+= e
          self.f &+= f
          self.g &+= g
          self.h &+= h
        }
      }
    }
  }

  static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { (value >> count) | (value << (32 - count)) }
}
