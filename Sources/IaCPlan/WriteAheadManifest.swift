/// The manifest written before any file is touched: every file with its new hash and, where the
/// build replaces it, the hash it has on disk now; files to delete keep their old entries. A build
/// killed after it, with a file not yet replaced, still takes that file as iacc's own.
///
/// It is made entry by entry as it is written, from the final manifest and the plan: at 30,000
/// replaced files a copy of the final manifest with both hashes in every entry was 5 MiB.
public struct WriteAheadManifest: Sendable {
  let final: BuildManifest
  /// The plan's changes, in path order, and the positions of those written.
  let changes: [FileChange]
  let writeIndices: [Int]
  /// The last manifest's entries of the files to delete, in path order.
  let deletedEntries: [BuildManifest.Entry]
  /// Whether it is the final manifest itself (nothing replaced, nothing deleted): a build that
  /// only creates files (the first one, say) writes it ahead and not again.
  public private(set) var isFinal: Bool

  /// `changes` must be in path order (a plan's are), and so must `final.entries`.
  init(_ plan: Plan, final: BuildManifest, writeIndices: [Int], deleted: Set<String>) {
    self.final = final
    self.changes = plan.changes
    self.writeIndices = writeIndices
    deletedEntries = deleted.isEmpty ? [] : (plan.previousManifest?.entries ?? []).filter { deleted.contains($0.path) }
    isFinal = false
    var replacesAny = false
    forEachFinalEntry { _, previous in replacesAny = replacesAny || previous != nil }
    isFinal = !replacesAny && deletedEntries.isEmpty
  }

  /// Every entry, in path order.
  func forEachEntry(_ body: (BuildManifest.Entry) -> Void) {
    var deleted = deletedEntries[...]
    forEachFinalEntry { entry, previous in
      while let next = deleted.first, next.path < entry.path {
        body(next)
        deleted = deleted.dropFirst()
      }
      guard let previous else { return body(entry) }
      var entry = entry
      entry.previousHash = previous
      body(entry)
    }
    deleted.forEach(body)
  }

  /// Each final entry with the hash its file has on disk, when the build replaces a file that
  /// holds something else. Both lists are in path order: walked together, nothing is looked up.
  private func forEachFinalEntry(_ body: (BuildManifest.Entry, ContentHash?) -> Void) {
    var cursor = 0
    for entry in final.entries {
      while cursor < writeIndices.count, changes[writeIndices[cursor]].path < entry.path { cursor += 1 }
      var previous: ContentHash?
      if cursor < writeIndices.count, changes[writeIndices[cursor]].path == entry.path,
        let current = changes[writeIndices[cursor]].currentHash, current != entry.hash
      {
        previous = current
      }
      body(entry, previous)
    }
  }

  /// All of it as one manifest (for tests: a build streams it).
  public var manifest: BuildManifest {
    var entries: [BuildManifest.Entry] = []
    forEachEntry { entries.append($0) }
    return BuildManifest(iaccVersion: final.iaccVersion, entries: entries)
  }

  /// The serialized bytes in pieces, as `BuildManifest.serialize`.
  func serialize(into sink: ([UInt8]) -> Void) {
    var serializer = BuildManifest.Serializer(iaccVersion: final.iaccVersion)
    forEachEntry { serializer.add($0, into: sink) }
    serializer.finish(into: sink)
  }
}
