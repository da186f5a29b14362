import IaCBasics

/// A file's content hash as a plan and the build manifest hold it: a SHA-256 digest, kept as its
/// 32 bytes inline (as 64 hex digits, each file's hash was an allocation of its own: 3 MiB of a
/// 30,000-file build), or, when a manifest holds something else there (edited by hand), that text.
///
/// Two hashes are equal exactly when their hex texts are: a digest's text is always 64 lowercase
/// hex digits, and any such text is read as a digest.
public enum ContentHash: Sendable, Hashable, CustomStringConvertible {
  case sha256(SHA256.Digest)
  case text(String)

  public init(hex: String) {
    if let digest = SHA256.Digest(hex: hex) { self = .sha256(digest) } else { self = .text(hex) }
  }

  /// The hash of `bytes`.
  public init<Bytes: Collection>(of bytes: Bytes) where Bytes.Element == UInt8 { self = .sha256(SHA256.digest(bytes)) }

  public var hex: String {
    switch self {
    case .sha256(let digest): return digest.hex
    case .text(let text): return text
    }
  }

  public var description: String { hex }
}
