import IaCBasics
import IaCYAML

/// A change to one resource inside a YAML file: a Kubernetes object, a compose service, a play.
public struct ResourceDiff: Sendable, Equatable {
  public enum Change: String, Sendable { case added, removed, changed }
  public var change: Change
  /// `Deployment science/analysis-api`, `compose service devtools/gitea`, `play "Configure proj-dev01"`.
  public var resource: String
  public var fields: [FieldChange]
}

/// One field: its path inside the resource and its old and new value (nil when absent).
public struct FieldChange: Sendable, Equatable {
  public var path: String
  public var old: String?
  public var new: String?
}

/// Compares two YAML files structurally, as parsed by libyaml: documents are split into resources
/// (matched by identity, not position), and list elements are matched by their `name` where they
/// have one. Values of keys that name a password, secret or token are never shown.
public enum StructuralDiff {
  typealias Skeleton = YAMLSkeleton<SHA256.Digest>

  public static func diff(old: [UInt8], new: [UInt8]) -> [ResourceDiff]? {
    diff(old: .bytes(old), new: .bytes(new))
  }

  /// The depth at which collections are summarized: a document's root and its children are
  /// read, and so are the scalars below them (names, kinds, hosts: what labels a resource); each
  /// collection further down is a digest until it is known to differ.
  static let summaryDepth = 2
  /// Above that depth, what labels a resource is read: a Kubernetes object's `metadata` and a
  /// compose file's `services`; every other collection there (an object's `spec`, a compose
  /// file's `configs`) is one summary.
  static let keptKeys: Set<String> = ["metadata", "services"]

  /// The diff, without holding either file as one tree. Files whose events are the same are
  /// equal. Otherwise both are read as skeletons (see `YAMLSkeleton`); a resource whose summaries
  /// are all equal is equal, and the rest are compared again in a second reading of both files,
  /// side by side, with their differing collections read whole as they come and let go once
  /// compared. The same result as comparing the two whole trees. Nil when either file is not
  /// YAML, or a file changed between readings.
  ///
  /// `summarizing`: whether to read skeletons (nil: unless both files are in memory and together
  /// under `wholeTreeLimit`; small files are cheaper read whole, once).
  public static func diff(old: YAMLInput, new: YAMLInput, summarizing: Bool? = nil) -> [ResourceDiff]? {
    packedDiff(old: old, new: new, summarizing: summarizing).map(Array.init)
  }

  /// The same diff, packed as it is made (a plan holds it packed until it is shown).
  public static func packedDiff(old: YAMLInput, new: YAMLInput, summarizing: Bool? = nil) -> PackedResourceDiffs? {
    // Files that differ only in their leading comment lines (the header, which names the source
    // file) hold the same YAML: compared as bytes, nothing is parsed.
    if case .bytes(let oldBytes) = old, case .bytes(let newBytes) = new,
      afterLeadingComments(oldBytes).elementsEqual(afterLeadingComments(newBytes))
    {
      return PackedResourceDiffs([])
    }
    let summarizing = summarizing ?? !(byteCount(old, new).map { $0 <= wholeTreeLimit } ?? false)
    // Files whose bytes differ often hold the same YAML (a header comment changed, say when the
    // source file was renamed): found by reading both together, with nothing built.
    if summarizing && YAMLReader.sameEvents(old, new) { return PackedResourceDiffs([]) }
    return compare(old: old, new: new, summarizing: summarizing)?.packed()
  }

  /// What comparing two files leaves to pack: each new resource's label and changed fields (nil
  /// for one added), and the labels of the old ones gone. Nothing of the files' skeletons: they
  /// go before the result is packed, and the index of the old labels before the second reading.
  struct Compared {
    var labels: [UnitLabel]
    var fields: [PackedResourceDiffs.PackedFields?]
    var removed: [UnitLabel]

    /// Added and changed resources in the new file's order, then the removed ones, reserved at
    /// their exact size.
    consuming func packed() -> PackedResourceDiffs {
      var size = 0
      for (label, changes) in zip(labels, fields) where changes?.isEmpty != true {
        size += PackedResourceDiffs.Builder.size(resource: label.byteCount, fields: changes)
      }
      size += removed.reduce(0) { $0 + PackedResourceDiffs.Builder.size(resource: $1.byteCount, fields: nil) }
      var diffs = PackedResourceDiffs.Builder(reservingCapacity: size)
      for index in labels.indices {
        guard let changes = fields[index] else {
          diffs.append(.added, resource: labels[index].text, fields: .init())
          continue
        }
        if !changes.isEmpty { diffs.append(.changed, resource: labels[index].text, fields: changes) }
        fields[index] = nil
      }
      for label in removed { diffs.append(.removed, resource: label.text, fields: .init()) }
      return diffs.finish()
    }
  }

  /// Both files' resources matched by label and compared: in their skeletons, then, for those
  /// whose differing collections are summaries, in a second reading. Nil when either file is not
  /// YAML, or a file changed between readings.
  static func compare(old: YAMLInput, new: YAMLInput, summarizing: Bool) -> Compared? {
    guard case .success(let oldSkeleton) = skeleton(old, summarizing: summarizing),
      case .success(let newSkeleton) = skeleton(new, summarizing: summarizing)
    else {
      return nil
    }
    let before = units(of: oldSkeleton.documents)
    let after = units(of: newSkeleton.documents)
    // By label, the first of each: a compose file of 10,000 services is 10,000 units, too many to
    // search one by one for each.
    var beforeByLabel = firstIndices(before.lazy.map(\.label))

    // Each resource's fields packed as soon as they are known: a compose file may have 10,000
    // changed services.
    var fields = [PackedResourceDiffs.PackedFields?](repeating: nil, count: after.count)
    var pending: [Pending] = []
    var missing = Missing()
    // An old resource is gone when no new one has its label: then the first old one with that
    // label is matched by none.
    var matched = [Bool](repeating: false, count: before.count)
    var comparison = NodeComparison()
    comparison.old.digests = oldSkeleton.digests
    comparison.new.digests = newSkeleton.digests
    for (index, unit) in after.enumerated() {
      guard let previous = beforeByLabel[unit.label] else { continue }
      matched[previous] = true
      let changes = comparison.changes(before[previous].node, unit.node)
      if comparison.isComplete {
        fields[index] = PackedResourceDiffs.PackedFields(changes)
      } else {
        pending.append(
          Pending(
            unit: index, previous: previous, old: missing.add(comparison.old.missing, to: \.old),
            new: missing.add(comparison.new.missing, to: \.new)))
      }
    }
    let removed = before.indices.filter { !matched[beforeByLabel[before[$0].label]!] }.map { before[$0].label }
    beforeByLabel = [:]
    matched = []
    if !pending.isEmpty {
      let complete = compareAgain(
        &pending, missing: missing, old: old, new: new, comparison: &comparison, before: before, after: after,
        into: &fields)
      guard complete else { return nil }
    }
    return Compared(labels: after.map(\.label), fields: fields, removed: removed)
  }

  /// A resource in both files whose differing collections are still summaries: its position in
  /// the new file and its previous one's in the old, and where in `Missing` the collections each
  /// needs read whole are.
  struct Pending {
    var unit: Int
    var previous: Int
    var old: Range<Int>
    var new: Range<Int>
  }

  /// The ordinals of the collections pending resources need read whole, of all of them in one
  /// array per file: a compose file whose 10,000 services all changed would otherwise make 20,000
  /// arrays of one.
  struct Missing {
    var old: [Int] = []
    var new: [Int] = []

    /// Appends `ordinals` in order to one of the arrays; returns where they are.
    mutating func add(_ ordinals: Set<Int>, to side: WritableKeyPath<Missing, [Int]>) -> Range<Int> {
      let start = self[keyPath: side].count
      self[keyPath: side].append(contentsOf: ordinals.sorted())
      return start..<self[keyPath: side].count
    }
  }

  /// Compares the pending resources again in a second reading of both files, side by side, each
  /// with the collections it needs read whole (`YAMLReader.readSummarized`), into `fields` by the
  /// new file's resource. False when a file changed since the first reading.
  static func compareAgain(
    _ pending: inout [Pending], missing: Missing, old: YAMLInput, new: YAMLInput, comparison: inout NodeComparison,
    before: [(label: UnitLabel, node: YAMLNode)], after: [(label: UnitLabel, node: YAMLNode)],
    into fields: inout [PackedResourceDiffs.PackedFields?]
  ) -> Bool {
    // In the order their collections come in the new file (and then the old): files written in
    // the same order are read side by side with little read ahead. Sorted in place, and the
    // groups made as they are read: a compose file may have 10,000 pending services.
    func last(_ item: Pending) -> (Int, Int) {
      (missing.new[item.new].last ?? -1, missing.old[item.old].last ?? -1)
    }
    pending.sort { last($0) < last($1) }
    var complete = true
    let pending = pending
    let read = YAMLReader.readSummarized(
      old: old, new: new, summarizingAt: summaryDepth, keeping: keptKeys, digester: SummaryDigester.self,
      oldDigests: comparison.old.digests, newDigests: comparison.new.digests,
      groups: pending.lazy.map { (old: missing.old[$0.old], new: missing.new[$0.new]) }
    ) { index, oldCollections, newCollections in
      let item = pending[index]
      comparison.old.expanded = oldCollections
      comparison.new.expanded = newCollections
      fields[item.unit] = PackedResourceDiffs.PackedFields(
        comparison.changes(before[item.previous].node, after[item.unit].node))
      complete = complete && comparison.isComplete
    }
    guard case .success = read else { return false }
    return complete
  }

  /// The bytes after the lines at the start that are comments (a `#` first on the line): the
  /// stream libyaml reads events from, less what it skips.
  static func afterLeadingComments(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
    var start = 0
    while start < bytes.count, bytes[start] == UInt8(ascii: "#") {
      guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return [] }
      start = end + 1
    }
    return bytes[start...]
  }

  /// Files in memory together under this many bytes are read whole: a Kubernetes object or a
  /// playbook, not a compose file of thousands of services.
  static let wholeTreeLimit = 1 << 20

  static func byteCount(_ old: YAMLInput, _ new: YAMLInput) -> Int? {
    guard case .bytes(let oldBytes) = old, case .bytes(let newBytes) = new else { return nil }
    return oldBytes.count + newBytes.count
  }

  /// The file as a skeleton or, when not `summarizing`, whole (a skeleton without summaries).
  static func skeleton(_ input: YAMLInput, summarizing: Bool = true) -> Result<Skeleton, YAMLReader.Failure> {
    YAMLReader.readSkeleton(
      input, summarizingAt: summarizing ? summaryDepth : Int.max, keeping: summarizing ? keptKeys : nil,
      digester: SummaryDigester.self)
  }

  /// A node's text when it is a scalar read from the file, not a summary.
  static func text(_ node: YAMLNode?) -> String? {
    guard let node, Skeleton.ordinal(of: node) == nil else { return nil }
    return node.scalarText
  }

  /// A resource's label, such as `compose service apps/web`: what the plan shows, and how the
  /// resources of the two files are matched. The part a document's resources share (`compose
  /// service apps/`) is one string for all of them, so a compose file's 10,000 labels are
  /// 10,000 short names, not 10,000 strings of their own. Two labels are equal when their texts are.
  struct UnitLabel: Hashable {
    var prefix: String
    var name: String

    init(_ prefix: String, _ name: String) {
      self.prefix = prefix
      self.name = name
    }

    var text: String { prefix + name }

    var byteCount: Int { prefix.utf8.count + name.utf8.count }

    /// As `String`s (canonical equivalence): by the names alone when the prefixes are the same
    /// (one shared string, compared at once).
    static func == (left: UnitLabel, right: UnitLabel) -> Bool {
      left.prefix == right.prefix ? left.name == right.name : left.text == right.text
    }

    /// The text's hash: labels are hashed while two files' resources are matched, not held.
    func hash(into hasher: inout Hasher) { hasher.combine(text) }
  }

  /// Every document's resources, in order. A file of one document (a compose file of 10,000
  /// services is one of 10,001 resources) gets that document's array, of its exact size, uncopied.
  static func units(of documents: [YAMLNode]) -> [(label: UnitLabel, node: YAMLNode)] {
    guard documents.count != 1 else { return units(documents[0]) }
    var all: [(label: UnitLabel, node: YAMLNode)] = []
    all.reserveCapacity(documents.count)
    for document in documents { all.append(contentsOf: units(document)) }
    return all
  }

  /// A document split into the resources a person thinks in.
  static func units(_ document: YAMLNode) -> [(label: UnitLabel, node: YAMLNode)] {
    if let kind = text(document["kind"]), let name = text(document["metadata"]?["name"]) {
      let namespace = text(document["metadata"]?["namespace"]).map { $0 + "/" } ?? ""
      return [(UnitLabel("\(kind) \(namespace)", name), document)]
    }
    if case .mapping(let pairs) = document, let project = text(document["name"]),
      case .mapping(let services)? = document["services"]
    {
      let rest = YAMLNode.mapping(pairs.filter { $0.key != "services" })
      let service = "compose service \(project)/"
      var units: [(label: UnitLabel, node: YAMLNode)] = []
      units.reserveCapacity(1 + services.count)
      units.append((UnitLabel("compose project ", project), rest))
      for pair in services { units.append((UnitLabel(service, pair.key), pair.value)) }
      return units
    }
    if case .sequence(let plays) = document, plays.allSatisfy({ $0["hosts"] != nil }) {
      return plays.enumerated().map { index, play in
        (UnitLabel("play ", "\"\(text(play["name"]) ?? String(index))\""), play)
      }
    }
    if document["all"] != nil { return [(UnitLabel("inventory", ""), document)] }
    return [(UnitLabel("document", ""), document)]
  }

  static let structuralKeys: Set<String> = ["secretKeyRef", "secretName", "secret", "secrets", "tls_secret"]

  static let sensitiveWords = ["password", "passwd", "secret", "token", "private_key"]
  static let sensitiveWordBytes = sensitiveWords.map { Array($0.utf8) }

  /// Whether a key names a password, secret or token, in any case. It is asked of every key of
  /// both files, so an ASCII key is searched byte by byte, its case folded as it goes, instead of
  /// lowercasing a copy and searching that.
  static func isSensitive(_ key: String) -> Bool {
    // The exceptions are looked up only for the few keys that contain a word.
    containsSensitiveWord(key) && !structuralKeys.contains(key)
  }

  static func containsSensitiveWord(_ key: String) -> Bool {
    // Unicode case folding can make letters of these words out of others (the Kelvin sign is a
    // `k`): a key that is not ASCII takes the full path.
    guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
      let lowered = key.lowercased()
      return sensitiveWords.contains { lowered.contains($0) }
    }
    var key = key
    return key.withUTF8 { bytes in
      sensitiveWordBytes.contains { word in
        guard bytes.count >= word.count else { return false }
        return (0...(bytes.count - word.count)).contains { start in
          word.indices.allSatisfy { offset in
            let byte = bytes[start + offset]
            return (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == word[offset]
          }
        }
      }
    }
  }

  /// For each distinct key, the position of its first occurrence.
  static func firstIndices<Key: Hashable>(_ keys: some Sequence<Key>) -> [Key: Int] {
    var indices: [Key: Int] = [:]
    for (index, key) in keys.enumerated() where indices[key] == nil { indices[key] = index }
    return indices
  }

  /// Finds the first element whose key is `key`: by a scan when there are few (most mappings and
  /// lists hold a handful), by an index built once when there are many, so that a mapping or list
  /// of thousands is not searched once per element.
  struct KeyLookup {
    private let keys: [String]
    private let index: [String: Int]?

    init(_ keys: [String]) {
      self.keys = keys
      index = keys.count > 16 ? StructuralDiff.firstIndices(keys) : nil
    }

    func first(_ key: String) -> Int? {
      if let index { return index[key] }
      return keys.firstIndex(of: key)
    }

    func contains(_ key: String) -> Bool { first(key) != nil }
  }

  /// The changes between two whole trees (no summaries in them).
  static func compare(_ old: YAMLNode, _ new: YAMLNode, path: String, into changes: inout [FieldChange]) {
    var comparison = NodeComparison()
    comparison.compare(old, new, path: path, sensitive: false, into: &changes)
  }
}

/// SHA-256 of a summarized collection's events.
struct SummaryDigester: YAMLDigester {
  private var hasher = SHA256.Hasher()
  mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bytes) }
  func finalize() -> SHA256.Digest { hasher.finalizeDigest() }
}
