import IaCBasics
import IaCCheck
import IaCDriver

/// The open documents, by path, as the editor holds them (unsaved text included). The checker reads
/// through it, so a buffer shadows its file on disk, and files that are not open come from disk.
struct OpenDocuments: SourceProvider {
  var texts: [String: [UInt8]] = [:]
  let disk = FileSystemSourceProvider()

  func read(_ path: String) -> SourceReadResult {
    if let text = texts[identity(of: path)] { return .contents(text) }
    return disk.read(path)
  }

  /// A document that exists only in the editor has no real path yet: its spelling is its identity.
  func identity(of path: String) -> String { disk.identity(of: path) }
}

/// `file:///a%20b/c.iac` ↔ `/a b/c.iac`.
enum DocumentURI {
  static func path(_ uri: String) -> String? {
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

  static func uri(_ path: String) -> String {
    var uri = "file://"
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        uri.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        uri += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
      }
    }
    return uri
  }
}
