import IaCJSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// JSON-RPC 2.0 messages framed as in the Language Server Protocol: `Content-Length: N\r\n\r\n`
/// and N bytes of JSON, over two file descriptors (stdin and stdout for `iacc lsp`).
struct MessageChannel {
  enum Incoming {
    case message(JSONValue)
    /// A frame whose body is not JSON: answered with a parse error, then reading goes on.
    case malformed
  }

  let input: Int32
  let output: Int32
  var buffer: [UInt8] = []

  /// The next message, or nil when the client has gone (end of input, or a frame that cannot be
  /// delimited: without a length there is no way to find the next message).
  mutating func read() -> Incoming? {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    var headerEnd: Int?
    while headerEnd == nil {
      if let found = Self.find(separator, in: buffer) {
        headerEnd = found
      } else if !fill() {
        return nil
      }
    }
    guard let end = headerEnd else { return nil }
    let header = String(decoding: buffer[0..<end], as: UTF8.self)
    var length: Int?
    for line in header.split(separator: "\r\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      if parts.count == 2, parts[0].lowercased() == "content-length" {
        length = Int(parts[1].trimmingSpaces())
      }
    }
    guard let length, length >= 0, length < 1 << 30 else { return nil }
    let bodyStart = end + separator.count
    while buffer.count < bodyStart + length {
      if !fill() { return nil }
    }
    let body = Array(buffer[bodyStart..<bodyStart + length])
    buffer.removeFirst(bodyStart + length)
    // Invalid UTF-8 is replaced (U+FFFD), never trusted: the document text stays a valid String.
    guard case .success(let value) = JSONValue.parse(String(decoding: body, as: UTF8.self)) else { return .malformed }
    return .message(value)
  }

  func write(_ message: JSONValue) {
    let body = Array(message.serialized(.compact).utf8)
    var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes { Glibc.write(output, $0.baseAddress! + offset, $0.count - offset) }
      if written <= 0 { return }  // the client has gone; the read loop will see the end of input
      offset += written
    }
  }

  mutating func fill() -> Bool {
    var chunk = [UInt8](repeating: 0, count: 65536)
    let count = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress!, $0.count) }
    guard count > 0 else { return false }
    buffer += chunk[0..<count]
    return true
  }

  static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if Array(haystack[start..<start + needle.count]) == needle { return start }
    }
    return nil
  }
}

extension Substring {
  func trimmingSpaces() -> Substring {
    var text = self
    while text.first == " " || text.first == "\t" { text.removeFirst() }
    while text.last == " " || text.last == "\t" { text.removeLast() }
    return text
  }
}
