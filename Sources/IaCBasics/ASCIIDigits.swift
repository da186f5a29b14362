/// Reading a number from its bytes, for the fast paths of the number parsers (the language's
/// integer literals, the magnitudes of quantities), which fall back to their general paths on nil.
public enum ASCIIDigits {
  /// The value of 1 to 18 ASCII decimal digits, which cannot overflow 64 bits; nil for any other
  /// bytes (a sign, a point, `_`, or more digits).
  @inlinable
  public static func value(of bytes: some Collection<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
    var value = 0
    for byte in bytes {
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }
}
