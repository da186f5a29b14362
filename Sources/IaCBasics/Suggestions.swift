/// "Did you mean …?" — the closest candidate by edit distance, if it is close enough to be a typo.
public enum Suggestions {
  public static func closest<S: Sequence>(to word: String, in candidates: S) -> String?
  where S.Element == String {
    let target = Array(word.lowercased().utf8)
    let limit = max(1, target.count / 3)
    var best: (String, Int)?
    for candidate in candidates where candidate != word {
      let distance = editDistance(target, Array(candidate.lowercased().utf8), limit: limit)
      if distance <= limit, best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
        best = (candidate, distance)
      }
    }
    if let best { return best.0 }
    // An abbreviation: `prod` for `production`.
    let lowered = word.lowercased()
    guard lowered.count >= 3 else { return nil }
    return candidates.filter { $0.lowercased().hasPrefix(lowered) && $0 != word }.min {
      ($0.count, $0) < ($1.count, $1)
    }
  }

  /// Levenshtein distance with transpositions counted as one edit; stops early past `limit`.
  static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          value = min(value, previousPrevious[j - 2] + 1)
        }
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return limit + 1 }
      (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
  }
}
