import IaCBasics

/// Turns a number token into a literal node: checks the unit against the unit table, rejects
/// leading zeros (`0644` is octal to YAML 1.1 and decimal to YAML 1.2), and catches overflow.
enum NumberLiteralParser {
  static func parse(_ token: Token, negative: Bool, file: SourceFile, diagnostics: inout [Diagnostic]) -> Expr {
    if token.bytes.upperBound <= file.bytes.count {
      let bytes = file.bytes[token.bytes]
      switch token.kind {
      case .integer:
        if let value = plainInteger(bytes, negative: negative) {
          return Expr(.integer(value), SourceRange(file: file, token.bytes))
        }
      case .unitNumber:
        if let literal = plainUnitNumber(bytes, negative: negative) {
          return Expr(.unitNumber(literal), SourceRange(file: file, token.bytes))
        }
      default: break
      }
    }
    return parseInGeneral(token, negative: negative, file: file, diagnostics: &diagnostics)
  }

  /// Any number token, whatever it holds, with the diagnostics for the ones that are wrong.
  static func parseInGeneral(_ token: Token, negative: Bool, file: SourceFile, diagnostics: inout [Diagnostic])
    -> Expr
  {
    let range = SourceRange(file: file, token.bytes)
    let text = file.text(token.bytes)
    func fail(_ descriptor: DiagnosticDescriptor, _ message: String, help: String? = nil, fixIts: [FixIt] = []) -> Expr
    {
      diagnostics.append(Diagnostic(descriptor, message, at: range, help: help, fixIts: fixIts))
      return Expr(.missing, range)
    }
    switch token.kind {
    case .fileMode:
      let digits = text.dropFirst(2)
      guard !negative, let value = Int(digits, radix: 8), value <= 0o7777 else {
        if Int(digits, radix: 8) == nil { return Expr(.fileMode(nil), range) }  // reported by the lexer
        return fail(
          SyntaxDiagnostics.invalidNumber, "file mode `\(text)` is out of range", help: "a file mode is at most 0o7777")
      }
      return Expr(.fileMode(value), range)
    case .integer:
      let digits = text.filter { $0 != "_" }
      if digits.count > 1, digits.hasPrefix("0") {
        // `0644`, `0755`: a file mode written the C way. `01` is just a leading zero.
        let octal = digits.count >= 3 && digits.allSatisfy { $0 >= "0" && $0 <= "7" }
        return fail(
          SyntaxDiagnostics.invalidNumber, "a number cannot start with `0`",
          help: octal ? "for a file mode, write it in octal with `0o`" : "remove the leading zeros",
          fixIts: octal
            ? [
              FixIt(
                "write `0o\(digits.drop(while: { $0 == "0" }))`", range: range,
                replacement: "0o\(digits.drop(while: { $0 == "0" }))")
            ]
            : [])
      }
      guard let value = Int(negative ? "-" + digits : digits) else {
        _ = fail(
          SyntaxDiagnostics.integerOverflow, "integer literal `\(negative ? "-" : "")\(text)` does not fit in 64 bits")
        return Expr(.integer(nil), range)
      }
      return Expr(.integer(value), range)
    case .decimal:
      return Expr(.decimal((negative ? "-" : "") + text.filter { $0 != "_" }), range)
    case .unitNumber:
      // Unit suffixes are ASCII: find the first letter on bytes (Character.isLetter looks up Unicode
      // properties, 7% of parsing a large program); anything else takes the general path.
      let magnitudeEnd =
        text.utf8.allSatisfy({ $0 < 0x80 })
        ? text.utf8.firstIndex(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })!
        : text.firstIndex(where: { $0.isLetter })!
      let magnitude = String(text[..<magnitudeEnd]).filter { $0 != "_" }
      let suffix = String(text[magnitudeEnd...])
      guard let unit = NumberUnit(rawValue: suffix) else {
        let names = NumberUnit.allCases.map(\.rawValue)
        var help = "byte sizes use Ki, Mi, Gi (or K, M, G), durations ms, s, min, h, d, CPU m"
        var fixIts: [FixIt] = []
        let suggestion =
          suffix.lowercased() == "mb" || suffix.lowercased() == "mib"
          ? "Mi"
          : suffix.lowercased() == "gb" || suffix.lowercased() == "gib"
            ? "Gi"
            : suffix.lowercased() == "kb" || suffix.lowercased() == "kib"
              ? "Ki"
              : suffix == "sec" ? "s" : suffix == "hr" ? "h" : Suggestions.closest(to: suffix, in: names)
        if let suggestion {
          help = "did you mean `\(magnitude)\(suggestion)`?"
          fixIts = [FixIt("write `\(magnitude)\(suggestion)`", range: range, replacement: "\(magnitude)\(suggestion)")]
        }
        return fail(SyntaxDiagnostics.unknownUnit, "unknown unit `\(suffix)` in `\(text)`", help: help, fixIts: fixIts)
      }
      if magnitude.count > 1, magnitude.hasPrefix("0"), !magnitude.hasPrefix("0.") {
        return fail(SyntaxDiagnostics.invalidNumber, "a number cannot start with `0`", help: "remove the leading zeros")
      }
      return Expr(.unitNumber(UnitLiteral(magnitude: (negative ? "-" : "") + magnitude, unit: unit)), range)
    default:
      return Expr(.missing, range)
    }
  }

  /// Most integers are a few digits with no `_` and no leading zero: their value is read from the
  /// bytes, without the string and the filter the general path makes (a large program has one
  /// integer literal in every few lines). Nil for anything else, which the general path reads and
  /// reports.
  static func plainInteger(_ bytes: ArraySlice<UInt8>, negative: Bool) -> Int? {
    guard bytes.first != UInt8(ascii: "0") || bytes.count == 1, let value = ASCIIDigits.value(of: bytes) else {
      return nil
    }
    return negative ? -value : value
  }

  /// Most numbers with a unit are as plain (`512Mi`, `500m`, `10s`, `1.5G`): digits with at most
  /// one `.`, no `_`, no leading zero, then a unit; read from the bytes without the strings the
  /// general path makes. Nil for anything else.
  static func plainUnitNumber(_ bytes: ArraySlice<UInt8>, negative: Bool) -> UnitLiteral? {
    guard let letter = bytes.firstIndex(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
      letter > bytes.startIndex, bytes.count - (letter - bytes.startIndex) <= 3
    else { return nil }
    let magnitude = bytes[..<letter]
    var dots = 0
    for byte in magnitude {
      if byte == UInt8(ascii: ".") {
        dots += 1
      } else if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") {
        return nil
      }
    }
    guard dots <= 1, magnitude.first != UInt8(ascii: "."), magnitude.last != UInt8(ascii: "."),
      magnitude.count == 1 || magnitude.first != UInt8(ascii: "0") || magnitude.dropFirst().first == UInt8(ascii: "."),
      let unit = NumberUnit(suffix: bytes[letter...])
    else { return nil }
    return UnitLiteral(magnitude: (negative ? "-" : "") + String(decoding: magnitude, as: UTF8.self), unit: unit)
  }
}
