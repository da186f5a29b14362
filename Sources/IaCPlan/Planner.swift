import IaCBasics

@_exported import enum IaCBasics.SHA256

/// A file the build wants on disk.
public struct DesiredFile: Sendable {
  public var path: String
  public var bytes: [UInt8]
  public var sources: [BuildManifest.Source]
  /// SHA-256 of `bytes`, computed where the file is made (on the core that plans it).
  public var hash: ContentHash

  public init(path: String, bytes: [UInt8], sources: [BuildManifest.Source]) {
    self.path = path
    self.bytes = bytes
    self.sources = sources
    self.hash = ContentHash(of: bytes)
  }
}

/// What a build would do to one file.
///
/// A plan holds one for every file (30,000 at 10,000 services), and most are a path, a verdict,
/// sources and a hash: what only some files have (a reason, a diff, bytes, the hash on disk) is
/// kept apart, so that the common case is 80 bytes rather than 128.
public struct FileChange: Sendable {
  public enum Action: String, Sendable, CaseIterable {
    case create, update, delete, unchanged, conflict
  }
  public var path: String
  public var action: Action
  /// The bytes are already in this file's temporary file (`AtomicFileWriter.temporaryPath`),
  /// written while planning a build: applying only renames it.
  public var staged = false
  public var sources: [BuildManifest.Source]
  /// For a file the build wants: the hash of the bytes it wants there (what the manifest records).
  public var newHash: ContentHash?
  private var details: Details?

  public init(
    path: String, action: Action, reason: String? = nil, sources: [BuildManifest.Source],
    resources: [ResourceDiff]? = nil, bytes: [UInt8]? = nil
  ) {
    self.path = path
    self.action = action
    self.sources = sources
    let values = DetailValues(reason: reason, resources: resources.map(PackedResourceDiffs.init), bytes: bytes)
    details = values.isEmpty ? nil : Details(values)
  }

  /// Why: for a conflict, what is wrong; for a create, whether the file was deleted by hand.
  public var reason: String? {
    get { details?.values.reason }
    set { updateDetails { $0.reason = newValue } }
  }
  /// For an update: the resources and fields that change (nil when a file does not parse as YAML).
  public var resources: [ResourceDiff]? {
    get { resourceDiffs.map(Array.init) }
    set { resourceDiffs = newValue.map(PackedResourceDiffs.init) }
  }
  /// The same, packed: unpacked one resource at a time as they are read (a plan that changes
  /// every service holds 20,000).
  public var resourceDiffs: PackedResourceDiffs? {
    get { details?.values.resources }
    set { updateDetails { $0.resources = newValue } }
  }
  /// The bytes to write (create, update, and conflicts when forced); nil once they are staged.
  public var bytes: [UInt8]? {
    get { details?.values.bytes }
    set { updateDetails { $0.bytes = newValue } }
  }
  /// The hash of what is on disk now, for a file that will be replaced: the write-ahead manifest
  /// records it, so that a build killed before the replacement still recognises the file.
  public var currentSHA256: String? {
    get { currentHash?.hex }
    set { currentHash = newValue.map(ContentHash.init(hex:)) }
  }

  /// The same as a hash: 32 bytes inline, not 64 hex digits of heap (a rewrite of 30,000 files
  /// holds one per file).
  var currentHash: ContentHash? {
    get { details?.values.currentHash }
    set { updateDetails { $0.currentHash = newValue } }
  }

  /// `newHash` as hex digits.
  public var newSHA256: String? {
    get { newHash?.hex }
    set { newHash = newValue.map(ContentHash.init(hex:)) }
  }

  struct DetailValues: Sendable {
    var reason: String?
    var resources: PackedResourceDiffs?
    var bytes: [UInt8]?
    var currentHash: ContentHash?
    var isEmpty: Bool { reason == nil && resources == nil && bytes == nil && currentHash == nil }
  }

  /// Immutable, so that copies of a change share it safely; a change makes a new one.
  final class Details: Sendable {
    let values: DetailValues
    init(_ values: DetailValues) { self.values = values }
  }

  private mutating func updateDetails(_ update: (inout DetailValues) -> Void) {
    var values = details?.values ?? DetailValues()
    // Let go of the old box first: its bytes are then uniquely held and not copied when changed.
    details = nil
    update(&values)
    details = values.isEmpty ? nil : Details(values)
  }
}

/// The verdicts, shared by files planned whole and in pieces.
extension FileChange {
  /// No file (or none readable) where the build wants one; a manifest that lists it means it was
  /// deleted by hand.
  mutating func create(listed entry: BuildManifest.Entry?) {
    action = .create
    if entry != nil { reason = "deleted by hand since the last build" }
  }

  mutating func blockedByFolder() {
    action = .conflict
    reason = "a folder is in the way"
  }

  /// A file on disk (`disk`) that differed from the one wanted: an update when it is iacc's own
  /// (the manifest has its hash), explained by a structural diff against `wanted()`; otherwise a
  /// conflict. (Equal after all, if it was rewritten in between: unchanged.)
  mutating func judge(disk: [UInt8], entry: BuildManifest.Entry?, wanted: () throws -> [UInt8]) rethrows {
    try judge(diskHash: ContentHash(of: disk), entry: entry) {
      StructuralDiff.packedDiff(old: .bytes(disk), new: .bytes(try wanted()))
    }
  }

  /// The same for a file on disk known by its hash, explained by `diff()` when it is an update.
  mutating func judge(
    diskHash: ContentHash, entry: BuildManifest.Entry?, diff: () throws -> PackedResourceDiffs?
  )
    rethrows
  {
    guard diskHash != newHash else {
      action = .unchanged
      return
    }
    currentHash = diskHash
    if let entry, entry.matches(diskHash) {
      action = .update
      resourceDiffs = try diff()
    } else {
      action = .conflict
      reason = entry == nil ? "the file exists but iacc did not generate it" : "edited by hand since the last build"
    }
  }
}

/// The whole plan: every file's change, in path order.
public struct Plan: Sendable {
  public var root: String
  public var changes: [FileChange]
  /// The manifest to write once the plan is applied.
  public var manifest: BuildManifest
  /// The manifest as it was (nil when there was none).
  public var previousManifest: BuildManifest?
  /// Folders made for staged files, outermost first: removed again if the plan is not applied.
  public var createdFolders: [String] = []

  public func count(_ action: FileChange.Action) -> Int { changes.count { $0.action == action } }
  public var hasChanges: Bool { changes.contains { $0.action != .unchanged } }
  public var hasConflicts: Bool { count(.conflict) > 0 }

  /// `Plan: 3 to create, 1 to update, 0 to delete, 1 conflict.`
  public var summary: String {
    let conflicts = count(.conflict)
    return
      "Plan: \(count(.create)) to create, \(count(.update)) to update, \(count(.delete)) to delete, \(conflicts) conflict\(conflicts == 1 ? "" : "s")."
  }
}

/// Compares the files a build wants with the files on disk and the manifest of the last build.
/// It reads, never writes: `PlanApplier` carries the plan out.
public enum Planner {
  public enum Failure: Error, CustomStringConvertible {
    case manifest(BuildManifest.ReadError)
    public var description: String {
      switch self {
      case .manifest(let error): return "\(error); nothing was changed"
      }
    }
  }

  /// What the build would do to one file it wants, given its entry in the last manifest.
  static func classify(_ file: DesiredFile, entry: BuildManifest.Entry?, root: String) -> FileChange {
    var change = FileChange(path: file.path, action: .unchanged, sources: file.sources, bytes: file.bytes)
    change.newHash = file.hash
    let path = "\(root)/\(file.path)"
    // Most files are unchanged: compared piece by piece, a large one is never read back whole. Only
    // a file that differs is read, for its hash and the structural diff.
    switch FileSystem.compare(path, with: file.bytes) {
    case .equal:
      break
    case .isDirectory:
      change.blockedByFolder()
    case .different:
      // Read again to hash it; if it has gone in between, it is a file to create.
      if case .success(let disk) = FileSystem.readFile(path) {
        change.judge(disk: disk, entry: entry) { file.bytes }
      } else {
        change.create(listed: entry)
      }
    case .notFound, .unreadable:
      change.create(listed: entry)
    }
    return change
  }

  /// `scope`: the top-level folders this build owns (`["production"]` with `--env production`);
  /// manifest entries outside it are kept as they are. Nil means the whole output folder.
  public static func plan(_ desired: [DesiredFile], root: String, scope: [String]? = nil, iaccVersion: String)
    throws -> Plan
  {
    try plan(count: desired.count, root: root, scope: scope, iaccVersion: iaccVersion) { desired[$0] }
  }

  /// The same for files that `make` produces on demand (called once per index, on any core): each
  /// file is rendered, compared with the disk and, when it is unchanged, let go at once, so a plan
  /// holds the bytes of the files it will write, not of every file.
  ///
  /// `staging` (for a build that will apply the plan): the bytes of each file to create or update
  /// go straight into its temporary file instead of memory. Nothing a reader sees changes until
  /// `PlanApplier.apply` renames them; `PlanApplier.discard` removes them when the plan is refused.
  public static func plan(
    count: Int, root: String, scope: [String]? = nil, iaccVersion: String, staging: Bool = false,
    make: (Int) throws -> DesiredFile
  ) throws -> Plan {
    try plan(count: count, root: root, scope: scope, iaccVersion: iaccVersion) { index, planning in
      try planning.settle(try make(index), staging: staging)
    }
  }

  /// The same for files that render themselves (`RenderedFile`), each in pieces: one that grows
  /// past `spillAbove` bytes is never held whole. Its pieces are hashed, compared with the disk
  /// and, when `staging`, written to its temporary file as they come (`FilePlanning.stage`).
  /// Without `staging` the plan is one to show, never applied (`iacc plan`, `build --check`): it
  /// keeps no file's bytes.
  ///
  /// `knownPath`: the caller's copy of a path it renders, if any, for the last manifest's entries
  /// to share (see `BuildManifest.read`).
  public static func plan(
    count: Int, root: String, scope: [String]? = nil, iaccVersion: String, staging: Bool,
    spillAbove: Int = 1 << 20, knownPath: ((String) -> String?)? = nil, render: (Int) throws -> RenderedFile
  ) throws -> Plan {
    try plan(count: count, root: root, scope: scope, iaccVersion: iaccVersion, knownPath: knownPath) {
      index, planning in
      try planning.stage(try render(index), spillAbove: spillAbove, writing: staging)
    }
  }

  static func plan(
    count: Int, root: String, scope: [String]?, iaccVersion: String, knownPath: ((String) -> String?)? = nil,
    planFile: (Int, FilePlanning) throws -> FileChange
  ) throws -> Plan {
    let manifestPath = "\(root)/\(BuildManifest.fileName)"
    var previous: BuildManifest?
    // Read a piece at a time: the manifest of a large build is megabytes of text, never needed
    // whole (an 11 MB transient at the start of planning 30,000 files).
    switch BuildManifest.read(manifestPath, knownPath: knownPath) {
    case .success(let manifest)?: previous = manifest
    case .failure(let error)?: throw Failure.manifest(error)
    case nil: previous = nil
    }
    func inScope(_ path: String) -> Bool {
      guard let scope else { return true }
      return scope.contains { path.hasPrefix($0 + "/") }
    }
    var entries: [BuildManifest.Entry] = previous?.entries.filter { !inScope($0.path) } ?? []
    // Each file's verdict depends only on it, its manifest entry and the disk: render, read and
    // compare them on every core (a no-change plan of a large build is mostly reading files back).
    let planning = FilePlanning(
      root: root, previous: SortedEntries(previous?.entries ?? []), folders: FolderMaker(root: root))
    let failures = FirstFailure()
    // The changes come straight out of the parallel pass, in the order of the files (path order for
    // a build), with nothing beside them to copy from (at 30,000 files, a list of per-file results
    // took 4 MiB more at the peak).
    var changes = Parallel.map(count) { index -> FileChange in
      do {
        return try planFile(index, planning)
      } catch {
        failures.record(error, at: index)
        return FileChange(path: "", action: .unchanged, sources: [])
      }
    }
    let folders = planning.folders
    if let failure = failures.first {
      PlanApplier.discard(changes, root: root, createdFolders: folders.created)
      throw failure
    }
    entries.reserveCapacity(entries.count + changes.count)
    for change in changes {
      entries.append(
        BuildManifest.Entry(path: change.path, hash: change.newHash ?? ContentHash(hex: ""), sources: change.sources))
    }
    // A build's files come in path order: a large plan is not copied to sort what is already
    // sorted. In order, the previous entries the build no longer wants are found by a search each.
    if !changes.isSorted(by: \.path) { changes.sort { $0.path < $1.path } }
    let gone = (previous?.entries ?? []).filter { entry in
      inScope(entry.path) && changes.lastIndex(sortedBy: \.path, of: entry.path) == nil
    }
    for entry in gone {
      // Hashed a piece at a time: a compose file no longer generated may be 12 MB.
      switch FileSystem.digest(ofFile: "\(root)/\(entry.path)").map(ContentHash.sha256) {
      case let disk? where entry.matches(disk):
        changes.append(
          FileChange(path: entry.path, action: .delete, reason: "no longer generated", sources: entry.sources))
      case .some:
        changes.append(
          FileChange(
            path: entry.path, action: .conflict, reason: "no longer generated, but edited by hand since the last build",
            sources: entry.sources))
        // Keep owning it: a forced build deletes it, an unforced one leaves it listed.
        entries.append(entry)
      case nil:
        continue  // already gone
      }
    }
    // Deletions go in among the rest.
    if !gone.isEmpty { changes.sort { $0.path < $1.path } }
    return Plan(
      root: root, changes: changes, manifest: BuildManifest(iaccVersion: iaccVersion, entries: entries),
      previousManifest: previous, createdFolders: folders.created)
  }
}

/// The error of the lowest-numbered file that failed, whichever thread found it: a plan that
/// fails reports the same error every time.
final class FirstFailure: @unchecked Sendable {
  private let lock = Lock()
  private var failure: (index: Int, error: any Error)?

  func record(_ error: any Error, at index: Int) {
    lock.withLock {
      if failure == nil || index < failure!.index { failure = (index, error) }
    }
  }

  var first: (any Error)? { lock.withLock { failure?.error } }
}

/// The last build's entries by path, searched where they are (they are sorted by path) rather than
/// copied into a dictionary: at 30,000 files, the copy was 3 MiB of a no-change plan.
struct SortedEntries: Sendable {
  let entries: [BuildManifest.Entry]
  init(_ entries: [BuildManifest.Entry]) { self.entries = entries }

  /// The entry for `path` (the last, should a hand-made manifest list a path twice).
  subscript(path: String) -> BuildManifest.Entry? {
    entries.lastIndex(sortedBy: \.path, of: path).map { entries[$0] }
  }
}

extension Array {
  /// In an array sorted by `key`, the last position whose key is `value`: a binary search.
  func lastIndex<Key: Comparable>(sortedBy key: (Element) -> Key, of value: Key) -> Int? {
    var low = 0
    var high = count
    while low < high {
      let middle = (low + high) / 2
      if key(self[middle]) <= value { low = middle + 1 } else { high = middle }
    }
    return low > 0 && key(self[low - 1]) == value ? low - 1 : nil
  }

  /// Whether the elements are in ascending order of `key`.
  func isSorted<Key: Comparable>(by key: (Element) -> Key) -> Bool {
    zip(self, dropFirst()).allSatisfy { key($0) <= key($1) }
  }
}

/// `mkdir -p` shared by the threads of a plan, remembering which folders it made, so that a plan
/// that is not applied leaves no trace of its staging.
final class FolderMaker: @unchecked Sendable {
  private let root: String
  private let lock = Lock()
  private var known = Set<String>()
  private var made: [String] = []

  init(root: String) { self.root = root }

  var created: [String] { lock.withLock { made } }

  func make(_ folder: String) throws(AtomicFileWriter.Failure) {
    try lock.withLock { () throws(AtomicFileWriter.Failure) in
      guard !known.contains(folder) else { return }
      made += try AtomicFileWriter.createDirectories(folder, reportingCreated: true)
      known.insert(folder)
    }
  }
}
