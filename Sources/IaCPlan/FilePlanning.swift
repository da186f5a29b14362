import IaCBasics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file the build wants, rendered when the plan asks for it, whole or in pieces.
public struct RenderedFile: Sendable {
  public var path: String
  public var sources: [BuildManifest.Source]
  /// Renders the file: once more than `limit` bytes are ready, they go to `spill` and are let go;
  /// returns the rest (the whole file when it never grew past `limit`). Must give the same bytes
  /// every time.
  public var render: @Sendable (_ limit: Int, _ spill: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> [UInt8]

  public init(
    path: String, sources: [BuildManifest.Source],
    render: @escaping @Sendable (Int, (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> [UInt8]
  ) {
    self.path = path
    self.sources = sources
    self.render = render
  }

  /// The whole file, in memory.
  func desired() throws -> DesiredFile {
    DesiredFile(path: path, bytes: try render(Int.max) { _ in }, sources: sources)
  }
}

/// What a plan needs to decide about one file, shared by the threads that plan files: the output
/// folder, the last build's manifest entries, and the folders made for staged files.
struct FilePlanning: Sendable {
  let root: String
  let previous: SortedEntries
  let folders: FolderMaker

  /// A file held whole: classified, let go when unchanged, and, when `staging`, written to its
  /// temporary file when it is to be created or updated.
  func settle(_ file: DesiredFile, staging: Bool) throws -> FileChange {
    let entry = previous[file.path]
    var change = Planner.classify(file, entry: entry, root: root)
    sharePrevious(entry, with: &change)
    if change.action == .unchanged { change.bytes = nil }
    if staging, change.action == .create || change.action == .update, let bytes = change.bytes {
      let target = "\(root)/\(file.path)"
      try folders.make(AtomicFileWriter.parent(of: target))
      try AtomicFileWriter.writeUnsynced(bytes, to: AtomicFileWriter.temporaryPath(for: target), reporting: target)
      change.bytes = nil
      change.staged = true
    }
    // Bytes kept until the plan is applied or shown lose the spare capacity that growing them
    // left (up to half), at the cost of one copy.
    if let bytes = change.bytes, bytes.capacity > bytes.count + 64 {
      change.bytes = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
        count = buffer.initialize(fromContentsOf: bytes)
      }
    }
    return change
  }

  /// A plan keeps every file's path, hash and sources until it is applied. Most are the same as
  /// in the last build's manifest, which the plan keeps too: the path and sources are shared with
  /// it rather than held twice (at 30,000 files, 9 MiB of a no-change plan). Hashes are held inline.
  func sharePrevious(_ entry: BuildManifest.Entry?, with change: inout FileChange) {
    guard let entry else { return }
    change.path = entry.path  // the same path (looked up by it): one copy
    if change.sources == entry.sources { change.sources = entry.sources }
  }

  /// A file rendered in pieces, for a build that stages (`writing`) or a plan that is only shown:
  /// one that stays under `spillAbove` bytes is settled whole; a larger one is never held whole.
  /// Each piece is hashed and compared with the file on disk and, when writing, from the first
  /// difference written to the temporary file (the equal part copied from the disk first), so an
  /// unchanged file costs no write and a new one no copy. A file that differs from one on disk is
  /// diffed from the disk against its temporary file or, for a plan that writes nothing, against a
  /// scratch file it is rendered into again, a piece at a time; only a conflict's bytes, for a
  /// forced build, are rendered again whole. A plan that is only shown keeps no file's bytes.
  func stage(_ file: RenderedFile, spillAbove: Int, writing: Bool) throws -> FileChange {
    var stager = PieceStager(root: root, path: file.path, folders: folders, writing: writing)
    var rest: [UInt8]
    do {
      rest = try file.render(spillAbove) { piece in try stager.take(UnsafeRawBufferPointer(piece)) }
      if stager.spilled {
        try rest.withUnsafeBytes { try stager.take($0) }
        // Its room is a spilled piece's (a megabyte), not needed while the file is diffed.
        rest = []
        try stager.finish()
      }
    } catch {
      stager.abandon()
      throw error
    }
    guard stager.spilled else {
      var change = try settle(DesiredFile(path: file.path, bytes: rest, sources: file.sources), staging: writing)
      if !writing { change.bytes = nil }
      return change
    }
    let entry = previous[file.path]
    var change = FileChange(path: file.path, action: .unchanged, sources: file.sources)
    change.newHash = .sha256(stager.hash)
    sharePrevious(entry, with: &change)
    switch stager.disk.status {
    case .equal:
      break
    case .notFound, .unreadable:
      change.create(listed: entry)
    case .isDirectory:
      change.blockedByFolder()
    case .different:
      // As `Planner.classify`, but neither file is held whole: the file on disk is hashed a piece
      // at a time and, when it is iacc's, diffed from the disk against the staged file (or, for a
      // plan that writes nothing, the file rendered again). If it has gone in between, the staged
      // file creates it.
      if let diskHash = FileSystem.digest(ofFile: stager.target) {
        let target = stager.target
        let staged = stager.wroteTemporary ? stager.temporary : nil
        try change.judge(diskHash: .sha256(diskHash), entry: entry) {
          if let staged { return StructuralDiff.packedDiff(old: .file(target), new: .file(staged)) }
          // A plan that writes nothing renders the file again into a scratch file of its own.
          guard let scratch = try Self.scratchCopy(of: file) else {
            return StructuralDiff.packedDiff(old: .file(target), new: .bytes(try file.desired().bytes))
          }
          defer { close(scratch) }
          return StructuralDiff.packedDiff(old: .file(target), new: .descriptor(scratch))
        }
      } else {
        change.create(listed: entry)
      }
    }
    switch change.action {
    case .create, .update:
      change.staged = writing
    case .conflict:
      // Not written unless forced: the staged pieces go, and a forced build has the bytes.
      stager.abandon()
      if writing { change.bytes = try file.desired().bytes }
    case .unchanged, .delete:
      stager.abandon()
    }
    return change
  }
}

extension FilePlanning {
  /// The file rendered into a scratch file in the system's temporary folder, already unlinked
  /// (it goes when closed), for a plan that writes nothing to the output folder but diffs a large
  /// file: a compose file of 10,000 services is 12 MB that the diff need not hold. Nil when no
  /// scratch file can be made or written; the caller then holds the bytes.
  static func scratchCopy(of file: RenderedFile) throws -> Int32? {
    guard let descriptor = FileSystem.makeScratchFile(prefix: ".iacc-scratch") else { return nil }
    var written = true
    func write(_ piece: UnsafeRawBufferPointer) {
      guard written else { return }
      do throws(AtomicFileWriter.Failure) {
        try AtomicFileWriter.writeBytes(piece, to: descriptor, reporting: "a scratch file")
      } catch {
        written = false
      }
    }
    let rest: [UInt8]
    do {
      rest = try file.render(1 << 16) { write(UnsafeRawBufferPointer($0)) }
    } catch {
      close(descriptor)
      throw error
    }
    rest.withUnsafeBytes { write($0) }
    guard written else {
      close(descriptor)
      return nil
    }
    return descriptor
  }
}

/// The pieces of one large file on their way to its temporary file (see `FilePlanning.stage`).
struct PieceStager {
  let root: String
  let path: String
  /// The full path, made at the first piece: most files are small and never come here.
  private(set) var target = ""
  let folders: FolderMaker
  /// The file on disk, opened at the first piece: most files are small and never come here.
  private(set) var disk: PieceComparer!
  private var hasher = SHA256.Hasher()
  /// The temporary file, once something is to be written.
  private var descriptor: Int32 = -1
  private(set) var spilled = false
  /// Whether the temporary file was made: it then holds the whole file once `finish` returns.
  private(set) var wroteTemporary = false

  /// False for a plan that is only shown: pieces are hashed and compared, never written.
  let writing: Bool

  init(root: String, path: String, folders: FolderMaker, writing: Bool) {
    self.writing = writing
    self.root = root
    self.path = path
    self.folders = folders
  }

  var hash: SHA256.Digest { hasher.finalizeDigest() }

  /// Made when needed: most files are small and never write here.
  var temporary: String { AtomicFileWriter.temporaryPath(for: target) }

  mutating func take(_ piece: UnsafeRawBufferPointer) throws(AtomicFileWriter.Failure) {
    if !spilled {
      target = "\(root)/\(path)"
      disk = PieceComparer(path: target)
    }
    spilled = true
    hasher.update(piece)
    if descriptor < 0 {
      switch disk.status {
      case .equal:
        disk.feed(piece)
        if disk.status == .equal { return }
      case .isDirectory:
        return  // nothing is written where a folder is
      case .notFound, .unreadable, .different:
        break
      }
      guard writing else { return }
      try openTemporaryFile()
    }
    try AtomicFileWriter.writeBytes(piece, to: descriptor, reporting: target)
  }

  /// After the last piece: a file on disk that matched so far but goes on differs too, and the
  /// temporary file, if any, is closed.
  mutating func finish() throws(AtomicFileWriter.Failure) {
    if descriptor < 0, disk.status == .equal, disk.finish() == .different, writing { try openTemporaryFile() }
    guard descriptor >= 0 else { return }
    let closed = close(descriptor) == 0
    descriptor = -1
    guard closed else { throw AtomicFileWriter.Failure(path: target, reason: AtomicFileWriter.errorText()) }
  }

  /// Nothing of this file stays staged.
  mutating func abandon() {
    if descriptor >= 0 { close(descriptor) }
    descriptor = -1
    if spilled { unlink(temporary) }
  }

  /// Creates the temporary file and copies into it what the disk has in common with the content.
  private mutating func openTemporaryFile() throws(AtomicFileWriter.Failure) {
    try folders.make(AtomicFileWriter.parent(of: target))
    descriptor = try AtomicFileWriter.createTemporary(temporary, reporting: target)
    wroteTemporary = true
    let fd = descriptor
    let target = target
    var failure: AtomicFileWriter.Failure?
    let copied = disk.readMatchedPrefix { prefix in
      guard failure == nil else { return }
      do throws(AtomicFileWriter.Failure) {
        try AtomicFileWriter.writeBytes(prefix, to: fd, reporting: target)
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    guard copied else { throw AtomicFileWriter.Failure(path: target, reason: "it changed while it was read") }
  }
}
