#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `FileSystem.compare` for content that arrives in pieces (a large file as it is rendered): the
/// file is read alongside, as far as the content goes, and no further once they differ. Neither
/// the content nor the file is ever held whole.
public final class PieceComparer {
  /// The file's state so far: `.equal` while every piece has matched (the final answer comes from
  /// `finish`).
  public private(set) var status: FileSystem.Comparison
  /// How many bytes at the start of the file are known to equal the content: all of it while it
  /// matches, and at least up to the piece that differed once it does not.
  public private(set) var matched = 0
  private var descriptor: Int32 = -1
  private var buffer: [UInt8] = []

  public init(path: String) {
    switch FileSystem.openFile(path) {
    case .success(let opened):
      descriptor = opened.descriptor
      status = .equal
    case .failure(.notFound): status = .notFound
    case .failure(.isDirectory): status = .isDirectory
    case .failure: status = .unreadable
    }
  }

  deinit { if descriptor >= 0 { close(descriptor) } }

  /// Compares the next piece of the content with the next bytes of the file.
  public func feed(_ piece: UnsafeRawBufferPointer) {
    guard status == .equal, piece.count > 0 else { return }
    if buffer.count < piece.count { buffer = [UInt8](repeating: 0, count: piece.count) }
    let filled = buffer.withUnsafeMutableBytes { readFully($0.baseAddress!, count: piece.count) }
    if filled == piece.count,
      buffer.withUnsafeBytes({ memcmp($0.baseAddress!, piece.baseAddress!, piece.count) == 0 })
    {
      matched += piece.count
    } else {
      status = filled < 0 ? .unreadable : .different
      // The answer is known: the piece-sized buffer (a megabyte for a large file) would otherwise
      // stay while the caller diffs the file.
      buffer = []
    }
  }

  /// After the last piece: whether the file ended there too.
  public func finish() -> FileSystem.Comparison {
    buffer = []
    if status == .equal {
      var byte: UInt8 = 0
      switch FileSystem.readRetrying(descriptor, into: &byte, count: 1) {
      case 0: break
      case 1: status = .different
      default: status = .unreadable
      }
    }
    return status
  }

  /// Hands the file's first `matched` bytes (equal to the content's) to `body`, a piece at a time.
  /// False when the file cannot be read again.
  public func readMatchedPrefix(pieceSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows
    -> Bool
  {
    guard descriptor >= 0 else { return matched == 0 }
    var piece = [UInt8](repeating: 0, count: max(1, min(pieceSize, matched)))
    var offset = 0
    while offset < matched {
      let wanted = min(piece.count, matched - offset)
      let count = piece.withUnsafeMutableBytes {
        FileSystem.readRetrying(descriptor, into: $0.baseAddress!, count: wanted, at: offset)
      }
      guard count > 0 else { return false }
      try piece.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
      offset += count
    }
    return true
  }

  /// Reads until `count` bytes are in or the file ends: the count read, -1 on error.
  private func readFully(_ base: UnsafeMutableRawPointer, count: Int) -> Int {
    var filled = 0
    while filled < count {
      let result = FileSystem.readRetrying(descriptor, into: base + filled, count: count - filled)
      if result < 0 { return -1 }
      if result == 0 { break }
      filled += result
    }
    return filled
  }
}
