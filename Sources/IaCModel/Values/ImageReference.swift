/// A container image reference, `[registry/]repository[:tag][@digest]`, validated against the
/// grammar of the distribution reference (the one `docker pull` uses).
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
  public var registry: String?
  public var repository: String
  public var tag: String?
  public var digest: String?

  public var description: String {
    var text = registry.map { $0 + "/" } ?? ""
    text += repository
    if let tag { text += ":" + tag }
    if let digest { text += "@" + digest }
    return text
  }

  /// Pinned: a digest, or a tag other than `latest`.
  public var isPinned: Bool { digest != nil || (tag != nil && tag != "latest") }

  public enum ParseError: Error, Equatable, CustomStringConvertible {
    case empty, uppercaseRepository, invalidComponent(String), invalidTag(String), invalidDigest(String),
      invalidRegistry(String)

    public var description: String {
      switch self {
      case .empty: return "the image reference is empty"
      case .uppercaseRepository: return "repository names must be lowercase"
      case .invalidComponent(let part): return "`\(part)` is not a valid repository path component"
      case .invalidTag(let tag): return "`\(tag)` is not a valid tag (letters, digits, `_`, `.`, `-`; at most 128)"
      case .invalidDigest(let digest): return "`\(digest)` is not a valid digest (such as `sha256:` and 64 hex digits)"
      case .invalidRegistry(let host): return "`\(host)` is not a valid registry host"
      }
    }
  }

  public static func parse(_ text: String) -> Result<ImageReference, ParseError> {
    guard !text.isEmpty else { return .failure(.empty) }
    // Every delimiter is ASCII: work on UTF-8 bytes, not Characters (this runs for every image).
    var rest = Substring(text)
    var digest: String?
    if let at = rest.utf8.firstIndex(of: UInt8(ascii: "@")) {
      let candidate = String(rest[rest.utf8.index(after: at)...])
      guard isValidDigest(candidate) else { return .failure(.invalidDigest(candidate)) }
      digest = candidate
      rest = rest[..<at]
    }
    var tag: String?
    // A `:` after the last `/` separates the tag; one before it belongs to a registry port.
    let lastSlash = rest.utf8.lastIndex(of: UInt8(ascii: "/"))
    if let colon = rest.utf8.lastIndex(of: UInt8(ascii: ":")), lastSlash.map({ colon > $0 }) ?? true {
      let candidate = String(rest[rest.utf8.index(after: colon)...])
      guard isValidTag(candidate) else { return .failure(.invalidTag(candidate)) }
      tag = candidate
      rest = rest[..<colon]
    }
    var components = rest.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
    var registry: String?
    if components.count > 1, let first = components.first,
      first.utf8.contains(UInt8(ascii: ".")) || first.utf8.contains(UInt8(ascii: ":")) || first == "localhost"
    {
      guard isValidRegistry(first) else { return .failure(.invalidRegistry(first)) }
      registry = first
      components.removeFirst()
    }
    guard !components.isEmpty else { return .failure(.empty) }
    for component in components {
      if component.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return .failure(.uppercaseRepository) }
      guard isValidPathComponent(component) else { return .failure(.invalidComponent(component)) }
    }
    return .success(
      ImageReference(registry: registry, repository: components.joined(separator: "/"), tag: tag, digest: digest))
  }

  static func isAlphanumeric(_ byte: UInt8) -> Bool { (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }

  /// `[a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*`
  static func isValidPathComponent(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
      return false
    }
    var index = 0
    while index < bytes.count {
      if isAlphanumeric(bytes[index]) {
        index += 1
        continue
      }
      let start = index
      while index < bytes.count, !isAlphanumeric(bytes[index]) { index += 1 }
      let separator = bytes[start..<index]
      let valid =
        separator.elementsEqual(".".utf8) || separator.elementsEqual("_".utf8)
        || separator.elementsEqual("__".utf8) || separator.allSatisfy { $0 == UInt8(ascii: "-") }
      if !valid { return false }
    }
    return true
  }

  /// `[\w][\w.-]{0,127}`
  static func isValidTag(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard let first = bytes.first, bytes.count <= 128 else { return false }
    func word(_ byte: UInt8) -> Bool {
      isAlphanumeric(byte) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_")
    }
    return word(first) && bytes.allSatisfy { word($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
  }

  static func isValidDigest(_ text: String) -> Bool {
    let parts = text.split(separator: ":", maxSplits: 1)
    guard parts.count == 2, !parts[0].isEmpty else { return false }
    let hex = parts[1].utf8
    let isHex = hex.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    if parts[0] == "sha256" { return hex.count == 64 && isHex }
    if parts[0] == "sha512" { return hex.count == 128 && isHex }
    return hex.count >= 32 && isHex
  }

  /// `host[:port]`, the host's dot-separated labels alphanumeric with inner `-`, the port 1–65535.
  /// Read on the UTF-8 bytes (every delimiter is ASCII), without splitting into strings.
  static func isValidRegistry(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var host = bytes[...]
      if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
        let port = bytes[(colon + 1)...]
        guard !port.contains(UInt8(ascii: ":")), let number = Int(String(decoding: port, as: UTF8.self)),
          (1...65_535).contains(number)
        else { return false }
        host = bytes[..<colon]
      }
      func alnum(_ b: UInt8) -> Bool { isAlphanumeric(b) || (b >= 0x41 && b <= 0x5A) }
      return host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
        guard let first = label.first, let last = label.last else { return false }
        return alnum(first) && alnum(last) && label.allSatisfy { alnum($0) || $0 == UInt8(ascii: "-") }
      }
    }
  }
}
