internal import CSHA256

/// SHA-256 (FIPS 180-4), for content hashes in the build manifest. Small and dependency-free:
/// Foundation has no hash on Linux, and swift-crypto would double the build time for one function.
public enum SHA256 {
  static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  /// The digest as 64 lowercase hex digits.
  public static func hex<Bytes: Collection>(_ message: Bytes) -> String where Bytes.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8](repeating: 0, count: 64)
    for (index, byte) in digest(message).enumerated() {
      text[2 * index] = digits[Int(byte >> 4)]
      text[2 * index + 1] = digits[Int(byte & 0x0F)]
    }
    return String(decoding: text, as: UTF8.self)
  }

  public static func digest<Bytes: Collection>(_ message: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
    if let digest = message.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) { return digest }
    return Array(message).withUnsafeBytes { digest($0) }
  }

  static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var state = State()
    let fullBlocks = bytes.count / 64
    if let base = bytes.baseAddress, fullBlocks > 0 { state.compress(base, blocks: fullBlocks) }
    // The tail, the 0x80 marker and the length, in one or two last blocks.
    var tail = Array(bytes[(fullBlocks * 64)...])
    tail.append(0x80)
    while tail.count % 64 != 56 { tail.append(0) }
    let bitLength = UInt64(bytes.count) &* 8
    for shift in stride(from: 56, through: 0, by: -8) {
      tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
    }
    tail.withUnsafeBytes { state.compress($0.baseAddress!, blocks: $0.count / 64) }
    return state.words.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
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
      SHA256.k.withUnsafeBufferPointer { k in
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
  }

  static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { (value >> count) | (value << (32 - count)) }
}
