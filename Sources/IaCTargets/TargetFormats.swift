import IaCBasics
import IaCModel

/// How each target spells iacc's typed values.
enum TargetFormats {
  /// Go duration syntax, which compose reads: `30s`, `1m30s`, `2h`, `500ms`, `0s`.
  static func goDuration(_ duration: Duration) -> String {
    var remaining = duration.milliseconds
    guard remaining > 0 else { return "0s" }
    var text = ""
    for (suffix, scale) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000), ("ms", 1)] where remaining >= scale {
      text += "\(remaining / scale)\(suffix)"
      remaining %= scale
    }
    return text
  }

  /// Compose (Docker) memory: binary units with single letters, `512Mi` → `512M`; otherwise bytes.
  static func composeMemory(_ size: ByteSize) -> String {
    for (suffix, shift) in [("G", Int64(30)), ("M", 20), ("K", 10)]
    where size.bytes != 0 && size.bytes % (1 << shift) == 0 {
      return "\(size.bytes >> shift)\(suffix)"
    }
    return "\(size.bytes)"
  }

  /// A word for a POSIX shell, in single quotes when it needs them.
  static func shellQuoted(_ word: String) -> String {
    let safe = word.unicodeScalars.allSatisfy { scalar in
      (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
        || (scalar.value >= 0x61 && scalar.value <= 0x7A) || "-_./:=@%+,".unicodeScalars.contains(scalar)
    }
    if safe && !word.isEmpty { return word }
    return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }

  /// Restart policies as compose spells them.
  static func composeRestart(_ policy: String) -> String {
    switch policy {
    case "on_failure": return "on-failure"
    case "unless_stopped": return "unless-stopped"
    default: return policy
    }
  }
}

extension Resource {
  var strings: (String) -> [String] {
    { field in (self[field]?.listValue ?? []).compactMap(\.stringValue) }
  }

  func stringMap(_ field: String) -> [(String, String)] {
    guard case .map(let entries)? = self[field]?.kind else { return [] }
    return entries.compactMap { entry in entry.value.stringValue.map { (entry.name, $0) } }
  }

  func references(_ field: String) -> [ResourceID] { (self[field]?.listValue ?? []).compactMap(\.referenceValue) }
}
