/// Which plain scalars a YAML 1.1 reader (PyYAML, Ansible, docker-compose v1, many others) would
/// resolve to something other than a string. libyaml's emitter decides quoting from the characters
/// alone and would write these plain; iacc marks them so they come out quoted.
public enum YAML11Scalars {
  public static func needsQuoting(_ text: String) -> Bool {
    var text = text
    // Asked of every string scalar, keys included: read on the contiguous bytes, with no generic
    // collection calls in the common case.
    return text.withUTF8 { bytes in
      guard let first = bytes.first, let last = bytes.last else { return true }
      // Leading or trailing white space would be stripped; libyaml quotes these itself, but be explicit.
      if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
      // No YAML 1.1 number or date starts with a letter: such a text is risky only as one of the
      // reserved words (starting with y, n, o, t or f; five bytes at most). Most keys and values
      // start with a letter, and are told from these bytes alone.
      let lower = first | 0x20
      if lower >= 0x61 && lower <= 0x7A {
        let reservedStart = lower == 0x79 || lower == 0x6E || lower == 0x6F || lower == 0x74 || lower == 0x66
        return reservedStart && bytes.count <= 5 && reserved.contains(String(decoding: bytes, as: UTF8.self))
      }
      if bytes.count <= 5, reserved.contains(String(decoding: bytes, as: UTF8.self)) { return true }
      let all = Array(bytes)
      return looksNumeric(all) || looksLikeTimestamp(all)
    }
  }

  /// Booleans, nulls, float specials and the special keys of YAML 1.1 (y/n and on/off included),
  /// in every spelling the YAML 1.1 type repository lists. None is longer than five bytes.
  static let reserved: Set<String> = {
    var all: Set<String> = ["~", "<<", "=", "y", "Y", "n", "N"]
    for word in ["yes", "no", "true", "false", "on", "off", "null"] {
      all.formUnion([word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()])
    }
    for special in [".inf", ".Inf", ".INF"] { all.formUnion([special, "+" + special, "-" + special]) }
    all.formUnion([".nan", ".NaN", ".NAN"])
    return all
  }()

  static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

  /// Integers in any YAML 1.1 base (with `_`), floats, exponents and sexagesimal (`12:30`, `1:20:30.5`).
  static func looksNumeric(_ bytes: [UInt8]) -> Bool {
    var index = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
    guard index < bytes.count else { return false }
    let body = Array(bytes[index...])
    if body.count > 2, body[0] == UInt8(ascii: "0") {
      let marker = body[1] | 0x20
      let digits = body[2...]
      if marker == UInt8(ascii: "x"),
        digits.allSatisfy({ isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == UInt8(ascii: "_") })
      {
        return true
      }
      if marker == UInt8(ascii: "b"),
        digits.allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") })
      {
        return true
      }
      if marker == UInt8(ascii: "o"), digits.allSatisfy({ ($0 >= 0x30 && $0 <= 0x37) || $0 == UInt8(ascii: "_") }) {
        return true
      }
    }
    // Digits, `_`, at most one `.`, `:` groups, an optional exponent: anything of that shape is risky.
    var sawDigit = false
    var sawDot = false
    var position = 0
    while position < body.count {
      let b = body[position]
      if isDigit(b) {
        sawDigit = true
      } else if b == UInt8(ascii: "_") || b == UInt8(ascii: ":") {
        // allowed inside numbers in YAML 1.1 (`1_000`, `12:30`)
      } else if b == UInt8(ascii: ".") {
        if sawDot { return false }
        sawDot = true
      } else if (b | 0x20) == UInt8(ascii: "e"), sawDigit {
        var rest = position + 1
        if rest < body.count, body[rest] == UInt8(ascii: "-") || body[rest] == UInt8(ascii: "+") { rest += 1 }
        return rest < body.count && body[rest...].allSatisfy(isDigit)
      } else {
        return false
      }
      position += 1
    }
    return sawDigit || (sawDot && body.count == 1 ? false : sawDigit)
  }

  /// `2001-12-14`, `2001-12-14t21:59:43.10-05:00` and the like: YAML 1.1 timestamps.
  static func looksLikeTimestamp(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 8, bytes.count > 4, bytes[0...3].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-") else {
      return false
    }
    return bytes[5...].allSatisfy {
      isDigit($0)
        || [
          UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: " "), UInt8(ascii: "t"),
          UInt8(ascii: "T"), UInt8(ascii: "Z"), UInt8(ascii: "+"),
        ].contains($0)
    }
  }
}
