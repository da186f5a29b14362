import Testing

@testable import IaCModel

/// The byte-level readers of image registries and quantity magnitudes, against the definitions
/// they replace: splitting into strings, and the general path that reads fractions.
@Suite struct ValueParsingTests {
  typealias Generator = PropertyTests.SeededGenerator

  /// The registry check as it was written first: the text split into strings at `:` and `.`.
  static func registryBySplitting(_ text: String) -> Bool {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count <= 2 else { return false }
    if parts.count == 2 { guard let port = Int(parts[1]), (1...65_535).contains(port) else { return false } }
    let labels = parts[0].split(separator: ".", omittingEmptySubsequences: false)
    return !labels.isEmpty
      && labels.allSatisfy { label in
        let bytes = Array(label.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        func alnum(_ b: UInt8) -> Bool {
          (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
        }
        return alnum(first) && alnum(last) && bytes.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
      }
  }

  @Test func registriesAreCheckedAsBySplitting() {
    let pieces = [
      "reg", "lab", "local", ".", ".", ":", "5000", "0", "65536", "-", "A", "é", "\u{301}", "+80", "x-y", "",
    ]
    let valid = PropertyTests.agree(
      ImageReference.isValidRegistry, with: Self.registryBySplitting, on: pieces, upTo: 6, rounds: 20_000, seed: 31)
    #expect(valid > 1_000)
    // Checked by hand: a host of dot-separated labels (letters, digits, inner `-`), an optional port 1–65535.
    for valid in ["registry.lab.local:5000", "localhost", "Reg.Lab", "a-b.c", "x:1", "x:65535"] {
      #expect(ImageReference.isValidRegistry(valid), "\(valid)")
    }
    for invalid in ["", "reg:0", "reg:65536", "reg:80:81", "reg:", "-reg.x", "reg-.x", "a..b", ".a", "é.x", "a_b.c"] {
      #expect(!ImageReference.isValidRegistry(invalid), "\(invalid)")
    }
  }

  /// Whole magnitudes read from their digits scale as the same magnitude with a zero fraction
  /// does, through the general path: equal values, and overflow alike.
  @Test func wholeMagnitudesScaleAsWithAZeroFraction() {
    var generator = Generator(state: 32)
    let scales: [Int64] = [1, 1_000, 1 << 20, 1 << 50, 1_000_000_000_000_000]
    for _ in 0..<20_000 {
      let digits = String(
        (0..<Int.random(in: 1...20, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
      let scale = scales.randomElement(using: &generator)!
      let whole = QuantityArithmetic.scaled(digits, by: scale)
      let general = QuantityArithmetic.scaled(digits + ".0", by: scale)
      #expect(whole == general, "\(digits) × \(scale)")
    }
    #expect(QuantityArithmetic.scaled("512", by: 1 << 20) == .success(536_870_912))
    #expect(QuantityArithmetic.scaled("999999999999999999", by: 1_000) == .failure(.overflow))
  }
}
