/// A hash of a collection's events, given by the caller (this module has no hash of its own).
/// Equal digests must mean, as near as makes no difference, equal events: a cryptographic hash.
public protocol YAMLDigester {
  associatedtype Digest: Equatable & Sendable
  init()
  mutating func update(_ bytes: UnsafeRawBufferPointer)
  func finalize() -> Digest
}

/// The documents of a stream down to a depth, where each collection deeper down stands as a
/// summary: the digest of its events. Two large files can then be compared summary by summary, and
/// only the collections that differ read whole, in a second reading of both
/// (`YAMLReader.readSummarized`): a compose file of 10,000 services is 10,000 summaries, not a
/// million nodes.
public struct YAMLSkeleton<Digest: Equatable & Sendable>: Sendable {
  /// The documents, a summary standing where each collection at the summary depth was.
  public var documents: [YAMLNode] = []
  /// Each summarized collection's digest (of its events), by ordinal: the order the collections
  /// appear in the stream.
  public var digests: [Digest] = []

  init(documents: [YAMLNode], digests: [Digest]) {
    self.documents = documents
    self.digests = digests
  }

  /// The ordinal of the summary `node` stands for, or nil when it is an ordinary node.
  public static func ordinal(of node: YAMLNode) -> Int? {
    guard case .scalar(let scalar) = node, scalar.tag == SummaryTag.text else { return nil }
    return Int(scalar.text)
  }
}

/// The scalar that stands for a summary: tagged `iacc summary`, its text the ordinal. The tag
/// holds a space, which no tag read from a file can (tags are URIs), so no document can forge
/// one; all placeholders share one tag box.
enum SummaryTag {
  static let text = "iacc summary"
  static let scalar = YAMLScalar(text: "", kind: .string, tag: text)

  static func placeholder(_ ordinal: Int) -> YAMLNode {
    var scalar = scalar
    scalar.text = String(ordinal)
    return .scalar(scalar)
  }
}

extension YAMLReader {
  /// The stream's documents with every collection at `depth` (0 is a document's root)
  /// summarized, and, when `keeping` is given, every one right under a document's root that is
  /// the value of a key not in it (a compose file's 30,000 `configs` are then one summary, its
  /// `services` are read). Mapping keys are never summarized.
  public static func readSkeleton<Digester: YAMLDigester>(
    _ input: YAMLInput, summarizingAt depth: Int, keeping: Set<String>? = nil, digester: Digester.Type
  ) -> Result<YAMLSkeleton<Digester.Digest>, Failure> {
    var builder = SkeletonBuilder<Digester>(depth: depth, keeping: keeping)
    return parse(input) { builder.handle($0) }.map { builder.skeleton() }
  }

  /// Reads two streams again, side by side, for the collections their skeletons summarized: for
  /// each group in turn (the ordinals of `old`'s and of `new`'s collections it needs), each
  /// stream is read on until those collections are complete, and `handle` gets the group's index
  /// and the collections read whole. A collection read ahead waits for its group; one no group
  /// wants is only hashed. When the groups come in about the order of both streams, little is
  /// held at any time. (`groups` may be lazy: a compose file whose 10,000 services all changed
  /// has 10,000, 640 KB as an array.)
  ///
  /// Every collection's digest must be the skeleton's (`oldDigests`, `newDigests`): a stream
  /// that changed since is a failure, and so is one that ends early.
  public static func readSummarized<Digester: YAMLDigester>(
    old: YAMLInput, new: YAMLInput, summarizingAt depth: Int, keeping: Set<String>? = nil, digester: Digester.Type,
    oldDigests: [Digester.Digest], newDigests: [Digester.Digest],
    groups: some RandomAccessCollection<(old: ArraySlice<Int>, new: ArraySlice<Int>)>,
    _ handle: (_ group: Int, _ old: [Int: YAMLNode], _ new: [Int: YAMLNode]) -> Void
  ) -> Result<Void, Failure> {
    var oldBuilder = SkeletonBuilder<Digester>(
      depth: depth, keeping: keeping, expanding: groups.lazy.flatMap(\.old), expected: oldDigests)
    var newBuilder = SkeletonBuilder<Digester>(
      depth: depth, keeping: keeping, expanding: groups.lazy.flatMap(\.new), expected: newDigests)
    let result = withEventStreams(old, new) { oldStream, newStream -> Bool in
      for (index, group) in zip(0..., groups) {
        guard oldBuilder.readThrough(group.old.max(), from: &oldStream),
          newBuilder.readThrough(group.new.max(), from: &newStream)
        else { return false }
        handle(index, oldBuilder.take(group.old), newBuilder.take(group.new))
      }
      return true
    }
    switch result {
    case .failure(let failure): return .failure(failure)
    case .success(true): return .success(())
    case .success(false): return .failure(Failure(message: "the file changed while it was read", line: 0, column: 0))
    }
  }
}

/// Builds a skeleton from parser events: a tree builder that hands the events of each summarized
/// collection to a digest instead (and to the tree as well when it is to be read whole).
struct SkeletonBuilder<Digester: YAMLDigester> {
  private var tree = YAMLTreeBuilder()
  private let depth: Int
  /// Right under a document's root, the keys whose collections are read rather than summarized
  /// (nil: all are read).
  private let keeping: Set<String>?
  /// How many groups want each collection to be read whole, by ordinal.
  private var wanted: [Int: Int] = [:]
  /// The collections read whole and not yet taken.
  private var expanded: [Int: YAMLNode] = [:]
  /// For a second reading: the digests the first found. Nothing but the wanted collections is
  /// kept then, not even the skeleton.
  private let expected: [Digester.Digest]?
  private var digests: [Digester.Digest] = []
  /// Summaries completed so far: the next one's ordinal.
  private var completed = 0
  /// Whether a digest differed from the expected one.
  private var mismatch = false

  // The summary in progress (summaries never nest). Kept as separate fields so the digest is
  // updated in place.
  private var summarizing = false
  private var nesting = 0
  private var building = false
  private var startLine = 0
  private var digester = Digester()
  /// Event bytes on their way to the digest, handed over in blocks rather than a few bytes at a time.
  private var pending: [UInt8] = []

  init(
    depth: Int, keeping: Set<String>? = nil, expanding: some Sequence<Int> = [], expected: [Digester.Digest]? = nil
  ) {
    self.depth = depth
    self.keeping = keeping
    self.expected = expected
    for ordinal in expanding { wanted[ordinal, default: 0] += 1 }
    tree.discarding = expected != nil
    pending.reserveCapacity(Self.block + 512)
  }

  static var block: Int { 4096 }

  func skeleton() -> YAMLSkeleton<Digester.Digest> {
    YAMLSkeleton(documents: tree.documents, digests: digests)
  }

  /// Reads events until the collection `ordinal` (nil: none) is complete; false when the stream
  /// ends first or a digest differs from the first reading's.
  mutating func readThrough(_ ordinal: Int?, from stream: inout YAMLEventStream) -> Bool {
    guard let ordinal else { return true }
    while completed <= ordinal, !mismatch {
      guard let event = stream.next() else { return false }
      handle(event)
    }
    return !mismatch
  }

  /// The collections `ordinals` read whole; each is let go when the last group wanting it has it.
  mutating func take(_ ordinals: ArraySlice<Int>) -> [Int: YAMLNode] {
    var nodes: [Int: YAMLNode] = [:]
    for ordinal in ordinals {
      nodes[ordinal] = expanded[ordinal]
      wanted[ordinal, default: 1] -= 1
      if wanted[ordinal] == 0 {
        wanted[ordinal] = nil
        expanded[ordinal] = nil
      }
    }
    return nodes
  }

  mutating func handle(_ event: YAMLEvent) {
    guard summarizing else {
      let opens = event.kind == .sequenceStart || event.kind == .mappingStart
      guard opens, summarizes(at: tree.depth) else {
        tree.handle(event)
        return
      }
      summarizing = true
      nesting = 0
      building = wanted[completed] != nil
      if building { tree.discarding = false }
      startLine = event.line
      digester = Digester()  // `pending` is empty: the last summary handed it all over
      summarize(event)
      return
    }
    summarize(event)
  }

  /// Whether a collection opening at `level` is summarized: at `depth`, or right under a
  /// document's root as the value of a key not kept (when `keeping` is given). Never a
  /// mapping's key.
  private func summarizes(at level: Int) -> Bool {
    guard level == depth || level == 1, !tree.expectsKey else { return false }
    if level == depth { return true }
    guard let keeping, let key = tree.valueKey else { return false }
    return !keeping.contains(key)
  }

  /// One event inside the summarized collection.
  private mutating func summarize(_ event: YAMLEvent) {
    append(event)
    switch event.kind {
    case .sequenceStart, .mappingStart: nesting += 1
    case .sequenceEnd, .mappingEnd: nesting -= 1
    case .scalar, .alias, .documentStart, .documentEnd, .other: break
    }
    guard nesting == 0 else {
      if building { tree.handle(event) }
      return
    }
    // The collection ends here.
    flushPending()
    let ordinal = completed
    completed += 1
    let digest = digester.finalize()
    if let expected {
      mismatch = mismatch || ordinal >= expected.count || expected[ordinal] != digest
    } else {
      digests.append(digest)
    }
    if building, let node = tree.close() { expanded[ordinal] = node }
    tree.discarding = expected != nil
    tree.add(SummaryTag.placeholder(ordinal), line: startLine)
    summarizing = false
  }

  /// The event as unambiguous bytes: its kind, then each field with its length. Everything the
  /// tree keeps of the event is here (lines are not compared, so they are not).
  private mutating func append(_ event: YAMLEvent) {
    switch event.kind {
    case .scalar:
      pending.append(1)
      pending.append(event.isPlain ? 1 : 0)
      if let tag = event.tag {
        pending.append(1)
        appendCounted(tag)
      } else {
        pending.append(0)
      }
      appendCounted(event.value)
    case .alias:
      pending.append(2)
      appendCounted(event.value)
    case .sequenceStart: pending.append(3)
    case .mappingStart: pending.append(4)
    case .sequenceEnd: pending.append(5)
    case .mappingEnd: pending.append(6)
    case .documentStart, .documentEnd, .other: pending.append(7)  // never inside a collection
    }
    if pending.count >= Self.block { flushPending() }
  }

  private mutating func flushPending() {
    pending.withUnsafeBytes { digester.update($0) }
    pending.removeAll(keepingCapacity: true)
  }

  private mutating func appendCounted(_ bytes: UnsafeRawBufferPointer) {
    var count = UInt64(bytes.count).littleEndian
    withUnsafeBytes(of: &count) { pending.append(contentsOf: $0) }
    pending.append(contentsOf: bytes)
  }
}
