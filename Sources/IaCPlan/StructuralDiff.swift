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
  public static func diff(old: [UInt8], new: [UInt8]) -> [ResourceDiff]? {
    guard case .success(let oldDocuments) = YAMLReader.read(old), case .success(let newDocuments) = YAMLReader.read(new)
    else {
      return nil
    }
    let before = oldDocuments.flatMap(units)
    let after = newDocuments.flatMap(units)
    // By label, the first of each: a compose file of 10,000 services is 10,000 units, too many to
    // search one by one for each.
    let beforeByLabel = firstIndices(before.lazy.map(\.label))
    let afterLabels = Set(after.lazy.map(\.label))
    var diffs: [ResourceDiff] = []
    for unit in after {
      guard let previous = beforeByLabel[unit.label].map({ before[$0] }) else {
        diffs.append(ResourceDiff(change: .added, resource: unit.label, fields: []))
        continue
      }
      var fields: [FieldChange] = []
      compare(previous.node, unit.node, path: "", into: &fields)
      if !fields.isEmpty { diffs.append(ResourceDiff(change: .changed, resource: unit.label, fields: fields)) }
    }
    for unit in before where !afterLabels.contains(unit.label) {
      diffs.append(ResourceDiff(change: .removed, resource: unit.label, fields: []))
    }
    return diffs
  }

  /// A document split into the resources a person thinks in.
  static func units(_ document: YAMLNode) -> [(label: String, node: YAMLNode)] {
    if let kind = document["kind"]?.scalarText, let name = document["metadata"]?["name"]?.scalarText {
      let namespace = document["metadata"]?["namespace"]?.scalarText.map { $0 + "/" } ?? ""
      return [("\(kind) \(namespace)\(name)", document)]
    }
    if case .mapping(let pairs) = document, let project = document["name"]?.scalarText,
      case .mapping(let services)? = document["services"]
    {
      let rest = YAMLNode.mapping(pairs.filter { $0.key != "services" })
      return [("compose project \(project)", rest)]
        + services.map { ("compose service \(project)/\($0.key)", $0.value) }
    }
    if case .sequence(let plays) = document, plays.allSatisfy({ $0["hosts"] != nil }) {
      return plays.enumerated().map { index, play in ("play \"\(play["name"]?.scalarText ?? String(index))\"", play) }
    }
    if document["all"] != nil { return [("inventory", document)] }
    return [("document", document)]
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
  static func firstIndices(_ keys: some Sequence<String>) -> [String: Int] {
    var indices: [String: Int] = [:]
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

  static func compare(
    _ old: YAMLNode, _ new: YAMLNode, path: String, sensitive: Bool = false, into changes: inout [FieldChange]
  ) {
    switch (old, new) {
    case (.mapping(let oldPairs), .mapping(let newPairs)):
      let oldKeys = KeyLookup(oldPairs.map(\.key))
      let newKeys = KeyLookup(newPairs.map(\.key))
      for pair in newPairs {
        let childPath = path.isEmpty ? pair.key : path + "." + pair.key
        let childSensitive = sensitive || isSensitive(pair.key)
        if let previous = oldKeys.first(pair.key).map({ oldPairs[$0] }) {
          compare(previous.value, pair.value, path: childPath, sensitive: childSensitive, into: &changes)
        } else {
          changes.append(FieldChange(path: childPath, old: nil, new: show(pair.value, sensitive: childSensitive)))
        }
      }
      for pair in oldPairs where !newKeys.contains(pair.key) {
        let childPath = path.isEmpty ? pair.key : path + "." + pair.key
        changes.append(
          FieldChange(path: childPath, old: show(pair.value, sensitive: sensitive || isSensitive(pair.key)), new: nil))
      }
    case (.sequence(let oldItems), .sequence(let newItems)):
      if let oldNames = names(oldItems), let newNames = names(newItems) {
        let oldLookup = KeyLookup(oldNames)
        let newLookup = KeyLookup(newNames)
        // Containers, env vars, ports, tasks: matched by name, so an insertion is one change.
        for (index, item) in newItems.enumerated() {
          let name = newNames[index]
          let childPath = "\(path)[\(name)]"
          let childSensitive = sensitive || isSensitive(name)
          if let previous = oldLookup.first(name) {
            compare(oldItems[previous], item, path: childPath, sensitive: childSensitive, into: &changes)
          } else {
            changes.append(FieldChange(path: childPath, old: nil, new: show(item, sensitive: childSensitive)))
          }
        }
        for (index, name) in oldNames.enumerated() where !newLookup.contains(name) {
          changes.append(
            FieldChange(
              path: "\(path)[\(name)]", old: show(oldItems[index], sensitive: sensitive || isSensitive(name)), new: nil)
          )
        }
      } else {
        for index in 0..<max(oldItems.count, newItems.count) {
          let childPath = "\(path)[\(index)]"
          switch (index < oldItems.count ? oldItems[index] : nil, index < newItems.count ? newItems[index] : nil) {
          case (let before?, let after?): compare(before, after, path: childPath, sensitive: sensitive, into: &changes)
          case (nil, let after?):
            changes.append(FieldChange(path: childPath, old: nil, new: show(after, sensitive: sensitive)))
          case (let before?, nil):
            changes.append(FieldChange(path: childPath, old: show(before, sensitive: sensitive), new: nil))
          default: break
          }
        }
      }
    default:
      if old != new {
        changes.append(
          FieldChange(path: path, old: show(old, sensitive: sensitive), new: show(new, sensitive: sensitive)))
      }
    }
  }

  /// The `name` of each element, when every element is a mapping with a distinct one.
  static func names(_ items: [YAMLNode]) -> [String]? {
    let names = items.compactMap { $0["name"]?.scalarText }
    guard names.count == items.count, !items.isEmpty, firstIndices(names).count == names.count else { return nil }
    return names
  }

  static func show(_ node: YAMLNode, sensitive: Bool) -> String {
    if sensitive { return "(sensitive value hidden)" }
    switch node {
    case .scalar(let scalar):
      guard scalar.kind == .string else { return scalar.text }
      let text = scalar.text.count > 60 ? String(scalar.text.prefix(57)) + "…" : scalar.text
      return "\"" + text.replacingNewlines() + "\""
    case .sequence(let items): return "[\(items.count) item\(items.count == 1 ? "" : "s")]"
    case .mapping(let pairs):
      return "{" + pairs.prefix(3).map(\.key).joined(separator: ", ") + (pairs.count > 3 ? ", …" : "") + "}"
    case .generatedMapping(let generated): return show(.mapping(generated.pairs), sensitive: sensitive)
    case .generatedSequence(let generated): return show(.sequence(generated.items), sensitive: sensitive)
    }
  }
}

extension String {
  fileprivate func replacingNewlines() -> String {
    var result = ""
    for character in self {
      switch character {
      case "\n": result += "\\n"
      case "\"": result += "\\\""
      default: result.append(character)
      }
    }
    return result
  }
}
