import IaCBasics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Carries a plan out. The order makes a build safe to kill at any moment (SIGKILL included):
///
/// 1. a write-ahead manifest lists every file with both its old and its new hash, so whichever the
///    disk holds, the next build recognises the file as iacc's own;
/// 2. each file is replaced atomically (temporary file, fsync, rename): old or new, never a mix. A
///    build stages the temporary files while planning (`Planner`); applying then only renames them;
/// 3. files no longer generated are deleted;
/// 4. the final manifest is written last (when the write-ahead one differs from it).
///
/// A rerun after a kill plans again and completes what is left.
public enum PlanApplier {
  public struct Outcome: Sendable, Equatable {
    public var written: Int
    public var deleted: Int
  }

  public static func apply(_ plan: Plan, force: Bool) throws(AtomicFileWriter.Failure) -> Outcome {
    precondition(force || !plan.hasConflicts, "conflicts are refused before applying")
    // The files to write, by position in the plan: a large plan is not copied to list them.
    let writeIndices = plan.changes.indices.filter { index in
      let change = plan.changes[index]
      return change.staged || change.action == .create || change.action == .update
        || (change.action == .conflict && change.bytes != nil)
    }
    let writes = writeIndices.lazy.map { plan.changes[$0] }
    let deletes = plan.changes.filter { $0.action == .delete || ($0.action == .conflict && $0.bytes == nil) }
    var final = plan.manifest
    let deleted = Set(deletes.map(\.path))
    // Guarded: even a removal that removes nothing copies the plan's entries.
    if !deleted.isEmpty { final.entries.removeAll { deleted.contains($0.path) } }
    let manifestPath = "\(plan.root)/\(BuildManifest.fileName)"
    if writes.isEmpty && deletes.isEmpty {
      // Nothing to do on disk; the manifest is rewritten only if it is not already right.
      if plan.previousManifest != final { try write(final, to: manifestPath) }
      return Outcome(written: 0, deleted: 0)
    }
    removeLeftovers(of: writes.map(\.path), in: plan.root)
    let ahead = WriteAheadManifest(plan, final: final, writeIndices: writeIndices, deleted: deleted)
    do throws(AtomicFileWriter.Failure) {
      try AtomicFileWriter.write(to: manifestPath) { append in ahead.serialize { piece in _ = append(piece) } }
      try AtomicFileWriter.writeAll(writes.map { ($0.path, $0.staged ? nil : $0.bytes ?? []) }, root: plan.root)
    } catch {
      discard(plan)
      throw error
    }
    for change in deletes {
      try AtomicFileWriter.remove("\(plan.root)/\(change.path)", stopAt: plan.root)
    }
    // A build that only creates files (the first one, say) wrote its final manifest ahead already.
    if !ahead.isFinal { try write(final, to: manifestPath) }
    return Outcome(written: writes.count, deleted: deletes.count)
  }

  /// Streamed to its file: the manifest of a large build is megabytes, never needed whole.
  static func write(_ manifest: BuildManifest, to path: String) throws(AtomicFileWriter.Failure) {
    try AtomicFileWriter.write(to: path) { append in manifest.serialize { piece in _ = append(piece) } }
  }

  /// A build killed during a write leaves its temporary file behind (`.NAME.iacc-tmp-PID`); the
  /// next build that writes into that folder removes such leftovers. This build's own temporary
  /// files (staged while planning) stay.
  static func removeLeftovers(of paths: some Sequence<String>, in root: String) {
    // One folder for thousands of files: each folder's name is made and dropped as it repeats.
    var folders = Set<String>()
    for path in paths { folders.insert(path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "") }
    folders.insert("")
    for folder in folders.sorted() {
      let directory = folder.isEmpty ? root : "\(root)/\(folder)"
      for name in leftovers(in: directory) { try? AtomicFileWriter.remove("\(directory)/\(name)", stopAt: root) }
    }
  }

  /// The temporary files in `directory` that other processes left, sorted. Names are read as
  /// bytes: only a leftover's becomes a string.
  static func leftovers(in directory: String) -> [String] {
    let own = AtomicFileWriter.processID
    var found: [String] = []
    FileSystem.forEachName(in: directory) { name in
      if let owner = temporaryOwner(name.assumingMemoryBound(to: UInt8.self)), owner != own {
        found.append(String(decoding: name, as: UTF8.self))
      }
    }
    return found.sorted()
  }

  /// The process id in a temporary file's name (`.NAME.iacc-tmp-PID`), nil for any other name.
  static func temporaryOwner(_ name: String) -> Int32? {
    var name = name
    return name.withUTF8 { temporaryOwner($0) }
  }

  /// The same, read on bytes: a folder being written holds thousands of names, staged files included.
  static func temporaryOwner(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    let marker = ".iacc-tmp-".utf8
    guard bytes.first == UInt8(ascii: "."), let dash = bytes.lastIndex(of: UInt8(ascii: "-")),
      dash + 1 < bytes.count, dash + 1 >= marker.count,
      bytes[(dash + 1 - marker.count)...dash].elementsEqual(marker)
    else { return nil }
    var pid: Int32 = 0
    for byte in bytes[(dash + 1)...] {
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"), pid < Int32.max / 10 else { return nil }
      pid = pid * 10 + Int32(byte - UInt8(ascii: "0"))
    }
    return pid
  }

  /// Undoes the staging of a plan that will not be applied (a conflict, an error): its temporary
  /// files and the folders made for them go, so the output folder is as it was.
  public static func discard(_ plan: Plan) {
    discard(plan.changes, root: plan.root, createdFolders: plan.createdFolders)
  }

  static func discard(_ changes: [FileChange], root: String, createdFolders: [String]) {
    for change in changes where change.staged {
      unlink(AtomicFileWriter.temporaryPath(for: "\(root)/\(change.path)"))
    }
    // Innermost first; a folder that holds anything else is left alone.
    for folder in createdFolders.sorted(by: { $0.count > $1.count }) { rmdir(folder) }
  }
}
