// The only file that imports CJansson: every JSON byte iacc reads or writes goes through here.
internal import CJansson

/// How a JSON document is laid out when written.
public enum JSONLayout: Sendable {
  /// One line, no spaces: JSON Lines, the LSP wire.
  case compact
  /// Two-space indentation: files a person may read (the build manifest, `--format json`).
  case pretty
}

/// A JSON text that jansson could not read, with the place it stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var line: Int
  public var column: Int
  public var description: String { "line \(line), column \(column): \(message)" }

  public init(message: String, line: Int, column: Int) {
    self.message = message
    self.line = line
    self.column = column
  }
}

extension JSONValue {
  /// Serialises through jansson. Keys stay in insertion order; output ends without a newline.
  public func serialized(_ layout: JSONLayout = .pretty) -> String {
    guard let root = Self.makeJansson(self) else { return "null" }
    defer { json_decref(root) }
    guard let text = json_dumps(root, Self.flags(layout)) else { return "null" }
    defer { free(text) }
    return String(cString: text)
  }

  /// The same bytes, appended to `out`: no C string and no `String` on the way (a large build
  /// manifest is tens of thousands of small values, each serialized on its own).
  public func serialize(_ layout: JSONLayout = .pretty, appendingTo out: inout [UInt8]) {
    guard let root = Self.makeJansson(self) else {
      out.append(contentsOf: "null".utf8)
      return
    }
    defer { json_decref(root) }
    let start = out.count
    let failed = withUnsafeMutablePointer(to: &out) { target in
      json_dump_callback(
        root,
        { buffer, size, data in
          guard let buffer, let data else { return -1 }
          let out = data.assumingMemoryBound(to: [UInt8].self)
          buffer.withMemoryRebound(to: UInt8.self, capacity: size) {
            out.pointee.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
          }
          return 0
        }, target, Self.flags(layout)) != 0
    }
    if failed {  // as `serialized`: jansson ran out of memory
      out.removeSubrange(start...)
      out.append(contentsOf: "null".utf8)
    }
  }

  /// JSON_INDENT(n) and JSON_REAL_PRECISION(n) are function-like macros that Swift cannot import:
  /// indent is the low five bits, precision the five bits from bit 11 (jansson.h).
  private static func flags(_ layout: JSONLayout) -> Int {
    let flags = Int(JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) | (17 << 11)
    switch layout {
    case .compact: return flags | Int(JSON_COMPACT)
    case .pretty: return flags | 2
    }
  }

  /// Parses a JSON text through jansson. Any value may be the root; duplicate keys are rejected.
  public static func parse(_ text: String) -> Result<JSONValue, JSONParseError> {
    var error = json_error_t()
    let flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL
    let root: UnsafeMutablePointer<json_t>? = text.utf8CString.withUnsafeBufferPointer { buffer in
      // The C string is NUL-terminated; jansson wants the byte count without it.
      json_loadb(buffer.baseAddress, buffer.count - 1, Int(flags), &error)
    }
    guard let root else {
      return .failure(JSONParseError(error))
    }
    defer { json_decref(root) }
    return .success(fromJansson(root))
  }

  /// Parses the one JSON value that `bytes` starts with (after no whitespace), through jansson,
  /// and says how many bytes it took. An array or object may be followed by anything: jansson
  /// stops at its closing bracket. Any other value must fill `bytes` exactly (jansson reads a
  /// byte past a number or a literal to find its end, so the caller cuts it out first).
  static func parsePrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(JSONValue, length: Int), JSONParseError> {
    var error = json_error_t()
    let container = bytes.first == UInt8(ascii: "{") || bytes.first == UInt8(ascii: "[")
    var flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL
    if container { flags |= JSON_DISABLE_EOF_CHECK }
    let root = bytes.withMemoryRebound(to: CChar.self) { json_loadb($0.baseAddress, $0.count, Int(flags), &error) }
    guard let root else {
      return .failure(JSONParseError(error))
    }
    defer { json_decref(root) }
    // On success jansson leaves in `position` how far it read.
    let length = container ? Int(error.position) : bytes.count
    guard length > 0, length <= bytes.count else {
      return .failure(JSONParseError(message: "jansson reported no length", line: 1, column: 1))
    }
    return .success((fromJansson(root), length))
  }

  private static func makeJansson(_ value: JSONValue) -> UnsafeMutablePointer<json_t>? {
    switch value {
    case .null: return json_null()
    case .bool(let b): return b ? json_true() : json_false()
    case .int(let i): return json_integer(json_int_t(i))
    case .double(let d): return d.isFinite ? json_real(d) : json_null()
    case .string(let s):
      var copy = s
      return copy.withUTF8 { bytes in
        bytes.withMemoryRebound(to: CChar.self) { json_stringn_nocheck($0.baseAddress, $0.count) }
      }
    case .array(let items):
      let array = json_array()
      for item in items { json_array_append_new(array, makeJansson(item)) }
      return array
    case .object(let object):
      let result = json_object()
      for (key, item) in object.entries {
        var keyCopy = key
        keyCopy.withUTF8 { bytes in
          bytes.withMemoryRebound(to: CChar.self) {
            _ = json_object_setn_new_nocheck(result, $0.baseAddress, $0.count, makeJansson(item))
          }
        }
      }
      return result
    }
  }

  private static func fromJansson(_ node: UnsafeMutablePointer<json_t>) -> JSONValue {
    switch node.pointee.type {
    case JSON_NULL: return .null
    case JSON_TRUE: return .bool(true)
    case JSON_FALSE: return .bool(false)
    case JSON_INTEGER: return .int(Int(json_integer_value(node)))
    case JSON_REAL: return .double(json_real_value(node))
    case JSON_STRING:
      let length = json_string_length(node)
      guard let bytes = json_string_value(node) else { return .string("") }
      return .string(
        bytes.withMemoryRebound(to: UInt8.self, capacity: length) {
          String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        })
    case JSON_ARRAY:
      return .array((0..<json_array_size(node)).map { fromJansson(json_array_get(node, $0)) })
    case JSON_OBJECT:
      var entries: [(key: String, value: JSONValue)] = []
      var iterator = json_object_iter(node)
      while let current = iterator {
        let key = String(cString: json_object_iter_key(current))
        entries.append((key: key, value: fromJansson(json_object_iter_value(current))))
        iterator = json_object_iter_next(node, current)
      }
      return .object(JSONObject(entries))
    default: return .null
    }
  }
}

extension JSONParseError {
  /// What jansson reported, with its place.
  fileprivate init(_ error: json_error_t) {
    var text = error.text
    let message = withUnsafeBytes(of: &text) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
    self.init(message: message, line: Int(error.line), column: Int(error.column))
  }
}
