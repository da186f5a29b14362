import IaCBasics
import IaCYAML

/// Compares two YAML trees field by field, where either may be a skeleton (`YAMLSkeleton`): a
/// summary is read through the skeleton's collections read whole, and one that was not read whole
/// is noted as missing, so the caller can read it and compare again. Two summaries with equal
/// digests are equal without reading either.
struct NodeComparison {
  typealias Skeleton = YAMLSkeleton<SHA256.Digest>
  enum Which { case old, new }

  /// One file's side: its summaries' digests, the collections read whole so far, and those that
  /// were needed and not read whole (by ordinal).
  struct Side {
    var digests: [SHA256.Digest] = []
    var expanded: [Int: YAMLNode] = [:]
    var missing: Set<Int> = []

    /// The node itself, or the collection its summary stands for; nil (noted as missing) when
    /// that was not read whole.
    mutating func resolve(_ node: YAMLNode, ordinal: Int?) -> YAMLNode? {
      guard let ordinal else { return node }
      if let whole = expanded[ordinal] { return whole }
      missing.insert(ordinal)
      return nil
    }
  }

  var old = Side()
  var new = Side()

  /// Whether the last comparison had every collection it needed.
  var isComplete: Bool { old.missing.isEmpty && new.missing.isEmpty }

  /// The changes from `old` to `new`; complete only if `isComplete` after it.
  mutating func changes(_ old: YAMLNode, _ new: YAMLNode) -> [FieldChange] {
    self.old.missing = []
    self.new.missing = []
    var changes: [FieldChange] = []
    compare(old, new, path: "", into: &changes)
    return changes
  }

  mutating func compare(
    _ old: YAMLNode, _ new: YAMLNode, path: String, sensitive: Bool = false, into changes: inout [FieldChange]
  ) {
    let oldOrdinal = Skeleton.ordinal(of: old)
    let newOrdinal = Skeleton.ordinal(of: new)
    if let oldOrdinal, let newOrdinal, self.old.digests[oldOrdinal] == self.new.digests[newOrdinal] {
      return  // the same events: the same tree
    }
    // Both sides are asked for before giving up, so one more reading has all this resource needs.
    let oldNode = self.old.resolve(old, ordinal: oldOrdinal)
    let newNode = self.new.resolve(new, ordinal: newOrdinal)
    guard let old = oldNode, let new = newNode else { return }
    switch (old, new) {
    case (.mapping(let oldPairs), .mapping(let newPairs)):
      let oldKeys = StructuralDiff.KeyLookup(oldPairs.map(\.key))
      let newKeys = StructuralDiff.KeyLookup(newPairs.map(\.key))
      for pair in newPairs {
        let childPath = path.isEmpty ? pair.key : path + "." + pair.key
        let childSensitive = sensitive || StructuralDiff.isSensitive(pair.key)
        if let previous = oldKeys.first(pair.key).map({ oldPairs[$0] }) {
          compare(previous.value, pair.value, path: childPath, sensitive: childSensitive, into: &changes)
        } else {
          changes.append(
            FieldChange(path: childPath, old: nil, new: show(pair.value, sensitive: childSensitive, side: .new)))
        }
      }
      for pair in oldPairs where !newKeys.contains(pair.key) {
        let childPath = path.isEmpty ? pair.key : path + "." + pair.key
        changes.append(
          FieldChange(
            path: childPath,
            old: show(pair.value, sensitive: sensitive || StructuralDiff.isSensitive(pair.key), side: .old), new: nil))
      }
    case (.sequence(let oldItems), .sequence(let newItems)):
      let oldNames = Self.names(oldItems, in: &self.old)
      let newNames = Self.names(newItems, in: &self.new)
      if let oldNames, let newNames {
        let oldLookup = StructuralDiff.KeyLookup(oldNames)
        let newLookup = StructuralDiff.KeyLookup(newNames)
        // Containers, env vars, ports, tasks: matched by name, so an insertion is one change.
        for (index, item) in newItems.enumerated() {
          let name = newNames[index]
          let childPath = "\(path)[\(name)]"
          let childSensitive = sensitive || StructuralDiff.isSensitive(name)
          if let previous = oldLookup.first(name) {
            compare(oldItems[previous], item, path: childPath, sensitive: childSensitive, into: &changes)
          } else {
            changes.append(
              FieldChange(path: childPath, old: nil, new: show(item, sensitive: childSensitive, side: .new)))
          }
        }
        for (index, name) in oldNames.enumerated() where !newLookup.contains(name) {
          changes.append(
            FieldChange(
              path: "\(path)[\(name)]",
              old: show(oldItems[index], sensitive: sensitive || StructuralDiff.isSensitive(name), side: .old), new: nil
            )
          )
        }
      } else {
        for index in 0..<max(oldItems.count, newItems.count) {
          let childPath = "\(path)[\(index)]"
          switch (index < oldItems.count ? oldItems[index] : nil, index < newItems.count ? newItems[index] : nil) {
          case (let before?, let after?): compare(before, after, path: childPath, sensitive: sensitive, into: &changes)
          case (nil, let after?):
            changes.append(FieldChange(path: childPath, old: nil, new: show(after, sensitive: sensitive, side: .new)))
          case (let before?, nil):
            changes.append(FieldChange(path: childPath, old: show(before, sensitive: sensitive, side: .old), new: nil))
          default: break
          }
        }
      }
    default:
      if old != new {
        changes.append(
          FieldChange(
            path: path, old: show(old, sensitive: sensitive, side: .old),
            new: show(new, sensitive: sensitive, side: .new)))
      }
    }
  }

  /// The `name` of each element, when every element is a mapping with a distinct one.
  /// Every item is read, even after one is found missing, so that the next comparison can match
  /// the items by name.
  static func names(_ items: [YAMLNode], in side: inout Side) -> [String]? {
    var names: [String] = []
    var complete = true
    for item in items {
      guard let item = side.resolve(item, ordinal: Skeleton.ordinal(of: item)) else {
        complete = false
        continue
      }
      guard let name = item["name"]?.scalarText else { return nil }
      names.append(name)
    }
    guard complete, names.count == items.count, !items.isEmpty, StructuralDiff.firstIndices(names).count == names.count
    else { return nil }
    return names
  }

  /// A tag as it is written: libyaml expands `!!str` to `tag:yaml.org,2002:str`.
  static func shortTag(_ tag: String) -> String {
    let standard = "tag:yaml.org,2002:"
    return tag.hasPrefix(standard) ? "!!" + tag.dropFirst(standard.count) : tag
  }

  mutating func show(_ node: YAMLNode, sensitive: Bool, side: Which) -> String {
    if sensitive { return "(sensitive value hidden)" }
    let ordinal = Skeleton.ordinal(of: node)
    let resolved =
      switch side {
      case .old: old.resolve(node, ordinal: ordinal)
      case .new: new.resolve(node, ordinal: ordinal)
      }
    guard let node = resolved else { return "" }
    switch node {
    case .scalar(let scalar):
      // A string as an .iac literal, escaped and cut as messages show text.
      let shown = scalar.kind == .string ? scalar.text.quotedLiteral(limit: 60) : scalar.text
      // A tag is part of the value: a change that only tags it (by hand) must not read `"x" → "x"`.
      return scalar.tag.map { Self.shortTag($0) + " " + shown } ?? shown
    case .sequence(let items): return "[\(items.count) item\(items.count == 1 ? "" : "s")]"
    case .mapping(let pairs):
      return "{" + pairs.prefix(3).map(\.key).joined(separator: ", ") + (pairs.count > 3 ? ", …" : "") + "}"
    case .generatedMapping(let generated): return show(.mapping(generated.pairs), sensitive: sensitive, side: side)
    case .generatedSequence(let generated): return show(.sequence(generated.items), sensitive: sensitive, side: side)
    }
  }
}
