/// File paths as URI references, for SARIF and the language server: bytes outside the unreserved set
/// and `/` are percent-encoded, so that a space or a pseudo-file such as `<--param x>` stays valid.
public enum FileURI {
  /// `a b/c.iac` → `a%20b/c.iac`; an absolute path becomes `file:///…`.
  public static func reference(_ path: String) -> String {
    (path.hasPrefix("/") ? "file://" : "") + encode(path)
  }

  /// Always a `file://` URI (the language server speaks only those).
  public static func absolute(_ path: String) -> String { "file://" + encode(path) }

  /// `file:///a%20b/c.iac` → `/a b/c.iac`; nil for another scheme.
  public static func path(_ uri: String) -> String? {
    guard uri.hasPrefix("file://") else { return nil }
    var bytes: [UInt8] = []
    var input = Array(uri.utf8.dropFirst("file://".count))[...]
    while let byte = input.first {
      input = input.dropFirst()
      if byte == UInt8(ascii: "%"), input.count >= 2,
        let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        input = input.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  static func encode(_ path: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var encoded = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
      }
    }
    return encoded
  }
}
