import IaCBasics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// glibc declares `syncfs` only for _GNU_SOURCE, which the Glibc module does not set.
@_silgen_name("syncfs") private func systemSyncfs(_ descriptor: Int32) -> Int32

/// The one place iacc writes generated files. A file is written to a temporary file in the same
/// folder, flushed to disk, and renamed over the target, so a reader (or a crash) only ever sees
/// the old content or the new, never a half-written file.
public enum AtomicFileWriter {
  /// Writes many files with the same guarantee as `write`, but flushes once for all of them: every
  /// temporary file is written, one `syncfs` puts their data on disk, then each is renamed over its
  /// target and a second `syncfs` makes the renames durable. A thousand `fsync` calls would cost
  /// seconds on a virtual disk; two cost milliseconds.
  ///
  /// Creating a file is kernel work that a second core can share (about 1.4× on tmpfs, even within
  /// one folder; on ext4 the folder's lock serialises most of it), so the temporary files are
  /// written in parallel.
  /// A file whose bytes are nil was staged: its temporary file is already written. Paths are
  /// relative to `root`.
  public static func writeAll(_ files: [(path: String, bytes: [UInt8]?)], root: String) throws(Failure) {
    // Paths are relative to `root`; the full and temporary paths are made where they are used, not
    // listed (at 30,000 files, two lists of paths were 6 MiB at the end of a build).
    func fullPath(_ index: Int) -> String { "\(root)/\(files[index].path)" }
    var created = Set<Substring>()
    for file in files {
      let directory = parentSlice(of: file.path)
      if !created.contains(directory) {
        try createDirectories(directory == "." ? root : "\(root)/\(directory)")
        created.insert(directory)
      }
    }
    do throws(Failure) {
      try inParallel(files.count) { index throws(Failure) in
        guard let bytes = files[index].bytes else { return }
        let path = fullPath(index)
        try writeUnsynced(bytes, to: temporaryPath(for: path), reporting: path)
      }
      try flushFileSystem(of: root)
      // Renames stay sequential, in path order: they are cheap next to creating the files, and a
      // build killed among them has replaced a prefix of the files, not a scattering.
      for index in files.indices {
        let path = fullPath(index)
        guard rename(temporaryPath(for: path), path) == 0 else {
          throw Failure(path: path, reason: errorText())
        }
      }
      try flushFileSystem(of: root)
    } catch {
      // Whatever was not renamed is removed; a renamed file is already complete and listed in
      // the write-ahead manifest.
      for index in files.indices { unlink(temporaryPath(for: fullPath(index))) }
      throw error
    }
  }

  /// Runs `body` for every index on every core; the first failure (by index) is thrown once all
  /// have run.
  static func inParallel(_ count: Int, _ body: (Int) throws(Failure) -> Void) throws(Failure) {
    let failures = Parallel.map(count) { index -> Failure? in
      do throws(Failure) {
        try body(index)
        return nil
      } catch {
        return error
      }
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
  }

  public static func temporaryPath(for path: String) -> String {
    "\(parentSlice(of: path))/.\(basenameSlice(path)).iacc-tmp-\(processID)"
  }

  /// Asked once: a build names two temporary paths per file (staged, then renamed), and each
  /// `getpid` is a system call. iacc never forks without exec.
  static let processID = getpid()

  public static func writeUnsynced(_ bytes: [UInt8], to temporary: String, reporting path: String) throws(Failure) {
    let descriptor = try createTemporary(temporary, reporting: path)
    do throws(Failure) {
      try writeBytes(bytes, to: descriptor, reporting: path)
    } catch {
      close(descriptor)
      throw error
    }
    guard close(descriptor) == 0 else { throw Failure(path: path, reason: errorText()) }
  }

  static func createTemporary(_ temporary: String, reporting path: String) throws(Failure) -> Int32 {
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw Failure(path: path, reason: errorText()) }
    return descriptor
  }

  static func writeBytes(_ bytes: [UInt8], to descriptor: Int32, reporting path: String) throws(Failure) {
    // (`withUnsafeBytes` rethrows untyped errors: the failure is carried out by hand.)
    let failure = bytes.withUnsafeBytes { raw -> Failure? in
      do throws(Failure) {
        try writeBytes(raw, to: descriptor, reporting: path)
        return nil
      } catch {
        return error
      }
    }
    if let failure { throw failure }
  }

  static func writeBytes(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, reporting path: String)
    throws(Failure)
  {
    guard FileSystem.writeFully(descriptor, bytes) else { throw Failure(path: path, reason: errorText()) }
  }

  /// `syncfs` on the file system that holds `root`; `sync` where that is not possible.
  static func flushFileSystem(of root: String) throws(Failure) {
    let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else {
      sync()
      return
    }
    defer { close(descriptor) }
    if systemSyncfs(descriptor) != 0 { throw Failure(path: root, reason: errorText()) }
  }

  public struct Failure: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
  }

  public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
    try write(to: path) { append in _ = append(bytes) }
  }

  /// `write(_:to:)` for content made piece by piece: `produce` hands each piece to `append`, which
  /// writes it to the temporary file at once, so the whole content is never in memory (a build
  /// manifest of 30,000 files is 10 MB). `append` answers false once a write has failed; the
  /// failure is thrown when `produce` returns.
  public static func write(to path: String, producing produce: (_ append: ([UInt8]) -> Bool) -> Void) throws(Failure) {
    let directory = parent(of: path)
    try createDirectories(directory)
    let temporary = temporaryPath(for: path)
    do throws(Failure) {
      let descriptor = try createTemporary(temporary, reporting: path)
      var failure: Failure?
      produce { piece in
        guard failure == nil else { return false }
        do throws(Failure) {
          try writeBytes(piece, to: descriptor, reporting: path)
          return true
        } catch {
          failure = error
          return false
        }
      }
      // Flushed before the rename: one file is cheaper to fsync than a whole file system.
      let synced = failure == nil && fsync(descriptor) == 0
      let reason = synced ? nil : errorText()
      close(descriptor)
      if let failure { throw failure }
      guard synced else { throw Failure(path: path, reason: reason ?? "") }
      guard rename(temporary, path) == 0 else { throw Failure(path: path, reason: errorText()) }
    } catch {
      unlink(temporary)
      throw error
    }
    syncDirectory(directory)
  }

  /// Removes a file iacc generated; the folder is removed too when that leaves it empty.
  public static func remove(_ path: String, stopAt root: String) throws(Failure) {
    guard unlink(path) == 0 || errno == ENOENT else { throw Failure(path: path, reason: errorText()) }
    var directory = parent(of: path)
    while directory != root, directory.count > root.count, rmdir(directory) == 0 {
      directory = parent(of: directory)
    }
  }

  /// `mkdir -p`.
  public static func createDirectories(_ path: String) throws(Failure) {
    _ = try createDirectories(path, reportingCreated: false)
  }

  /// `mkdir -p` that returns the folders it made, outermost first.
  @discardableResult
  static func createDirectories(_ path: String, reportingCreated: Bool) throws(Failure) -> [String] {
    var info = stat()
    if stat(path, &info) == 0 { return [] }
    let up = parent(of: path)
    var made: [String] = []
    if up != path && !up.isEmpty { made = try createDirectories(up, reportingCreated: reportingCreated) }
    if mkdir(path, 0o755) == 0 {
      made.append(path)
    } else if errno != EEXIST {
      throw Failure(path: path, reason: errorText())
    }
    return made
  }

  /// The rename is durable only once the folder's entry is on disk too.
  static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }

  public static func parent(of path: String) -> String { String(parentSlice(of: path)) }

  static func basename(_ path: String) -> String { String(basenameSlice(path)) }

  /// The folder part of a path, found on its UTF-8 bytes (`/` is never part of another character).
  static func parentSlice(of path: String) -> Substring {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    return slash == path.startIndex ? "/" : path[..<slash]
  }

  static func basenameSlice(_ path: String) -> Substring {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...] }
    return path[path.utf8.index(after: slash)...]
  }

  static func errorText() -> String { String(cString: strerror(errno)) }
}
