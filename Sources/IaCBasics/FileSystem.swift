#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads files and lists directories with POSIX calls: Foundation's start-up cost matters when
/// `iacc check` runs on every save.
public enum FileSystem {
  public enum ReadError: Error, Equatable {
    case notFound, isDirectory, unreadable(String)
  }

  public static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// The size of a regular file (nil when there is none at `path`).
  public static func fileSize(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(info.st_size)
  }

  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// The whole file. One `open`, one `fstat` and reads straight into an array of the file's size:
  /// a plan reads every generated file, and a missing one costs a single failed `open`.
  public static func readFile(_ path: String) -> Result<[UInt8], ReadError> {
    let descriptor: Int32
    let size: Int
    switch openFile(path) {
    case .success(let opened): (descriptor, size) = opened
    case .failure(let error): return .failure(error)
    }
    defer { close(descriptor) }
    // The size is a hint (a pipe has none, a file may grow): read until end of file.
    var bytes: [UInt8] = []
    var capacity = size + 1
    while true {
      let before = bytes.count
      bytes.append(contentsOf: repeatElement(0, count: capacity - before))
      let count = bytes.withUnsafeMutableBytes {
        readRetrying(descriptor, into: $0.baseAddress! + before, count: capacity - before)
      }
      bytes.removeLast(capacity - before - max(count, 0))
      if count < 0 { return .failure(.unreadable(String(cString: strerror(errno)))) }
      if count == 0 { break }
      if bytes.count == capacity { capacity *= 2 }
    }
    return .success(bytes)
  }

  /// A file read from start to end a piece at a time (`read(upTo:)`), closed when let go. Nil
  /// when it cannot be opened (it does not exist, or it is a folder).
  public final class PieceReader {
    private let descriptor: Int32

    public init?(_ path: String) {
      guard case .success(let opened) = FileSystem.openFile(path) else { return nil }
      descriptor = opened.descriptor
    }

    deinit { close(descriptor) }

    /// The next bytes, at most `count`: empty at the end of the file, nil when reading fails.
    public func read(upTo count: Int) -> [UInt8]? {
      var failed = false
      let piece = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        let result = FileSystem.readRetrying(descriptor, into: buffer.baseAddress!, count: count)
        failed = result < 0
        initialized = max(result, 0)
      }
      return failed ? nil : piece
    }
  }

  /// The SHA-256 of a file read a piece at a time (a large file is never held whole); nil when it
  /// cannot be opened or read.
  public static func digest(ofFile path: String, pieceSize: Int = 1 << 20) -> SHA256.Digest? {
    guard case .success(let opened) = openFile(path) else { return nil }
    defer { close(opened.descriptor) }
    var hasher = SHA256.Hasher()
    // One buffer for every piece: a new one each time would be mapped and unmapped each time.
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(pieceSize, 1), alignment: 16)
    defer { buffer.deallocate() }
    while true {
      let count = readRetrying(opened.descriptor, into: buffer.baseAddress!, count: buffer.count)
      if count < 0 { return nil }
      if count == 0 { return hasher.finalizeDigest() }
      hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }
  }

  /// A new empty file in the system's temporary folder (`$TMPDIR`, or `/tmp`), open for reading
  /// and writing and already unlinked: it has no name and goes when the descriptor is closed. Nil
  /// when none can be made.
  public static func makeScratchFile(prefix: String) -> Int32? {
    let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(folder)/\(prefix)-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { return nil }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    // Not inherited by processes started meanwhile (`mkstemp` cannot say so; a spawner that wants
    // it in a child duplicates it there, and a duplicate does not keep the flag).
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    return descriptor
  }

  /// What a file holds compared with `expected`.
  public enum Comparison: Sendable, Equatable {
    case equal, different, notFound, isDirectory, unreadable
  }

  /// Compares a file with `expected` a piece at a time, so that checking that a large file is up
  /// to date never holds a second copy of it; it stops at the first difference.
  public static func compare(_ path: String, with expected: [UInt8], pieceSize: Int = 1 << 20) -> Comparison {
    let comparer = PieceComparer(path: path)
    expected.withUnsafeBytes { bytes in
      var start = 0
      while start < bytes.count, comparer.status == .equal {
        let end = min(bytes.count, start + pieceSize)
        comparer.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        start = end
      }
    }
    return comparer.finish()
  }

  /// Opens a file for reading, with its size: one `open` and one `fstat` (a plan reads every
  /// generated file, and a missing one costs a single failed `open`).
  static func openFile(_ path: String) -> Result<(descriptor: Int32, size: Int), ReadError> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      return .failure(errno == ENOENT || errno == ENOTDIR ? .notFound : .unreadable(String(cString: strerror(errno))))
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      return .failure(.unreadable(reason))
    }
    guard (info.st_mode & S_IFMT) != S_IFDIR else {
      close(descriptor)
      return .failure(.isDirectory)
    }
    return .success((descriptor, max(Int(info.st_size), 0)))
  }

  /// `read` (or `pread` at `offset`), retried when a signal interrupts it: the byte count, 0 at end
  /// of file, -1 on error.
  static func readRetrying(
    _ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int? = nil
  ) -> Int {
    while true {
      let result = offset.map { pread(descriptor, buffer, count, off_t($0)) } ?? read(descriptor, buffer, count)
      if result < 0 && errno == EINTR { continue }
      return result
    }
  }

  /// `write` until every byte is written, retried when a signal interrupts it. False on an
  /// error, with `errno` set by the failed call.
  public static func writeFully(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += written
    }
    return true
  }

  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// An absolute `path` relative to the current folder when it lies below it, so that generated
  /// headers name a Swift source the same way on every checkout; other paths are kept as they are.
  public static func relativeToCurrentDirectory(_ path: String) -> String {
    guard path.hasPrefix("/"), let current = realPath(".") else { return path }
    let prefix = current.hasSuffix("/") ? current : current + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// Entries of a directory, sorted by name so that every walk is deterministic.
  public static func listDirectory(_ path: String) -> [String] {
    var names: [String] = []
    forEachName(in: path) { name in names.append(String(decoding: name, as: UTF8.self)) }
    return names.sorted()
  }

  /// Each name in a folder (but `.` and `..`) as bytes lent for the call, in the order the file
  /// system keeps them: a folder of 60,000 files is searched without making 60,000 strings.
  public static func forEachName(in path: String, _ body: (UnsafeRawBufferPointer) -> Void) {
    guard let directory = opendir(path) else { return }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
      withUnsafeBytes(of: entry.pointee.d_name) { raw in
        let name = UnsafeRawBufferPointer(rebasing: raw.prefix(while: { $0 != 0 }))
        let isDot = name.count == 1 && name[0] == UInt8(ascii: ".")
        let isDotDot = name.count == 2 && name[0] == UInt8(ascii: ".") && name[1] == UInt8(ascii: ".")
        if !isDot && !isDotDot { body(name) }
      }
    }
  }

  /// Every `*.iac` file (and `*.iac.swift` manifest) under `root`, depth first, sorted; hidden folders and `out/` build output are skipped.
  public static func findSources(under root: String) -> [String] {
    var found: [String] = []
    var stack = [root]
    while let directory = stack.popLast() {
      var subdirectories: [String] = []
      for name in listDirectory(directory) where !name.hasPrefix(".") {
        let path = directory == "." ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
        if isDirectory(path) {
          subdirectories.append(path)
        } else if name.hasSuffix(".iac") || name.hasSuffix(".iac.swift") {
          found.append(path)
        }
      }
      stack.append(contentsOf: subdirectories.reversed())
    }
    return found.sorted()
  }
}
