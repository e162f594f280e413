/// The Levenshtein edit distance between two strings, by Unicode scalars.
public func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.unicodeScalars)
  let y = Array(b.unicodeScalars)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var previous = Array(0...y.count)
  var current = [Int](repeating: 0, count: y.count + 1)
  for i in 1...x.count {
    current[0] = i
    for j in 1...y.count {
      let cost = x[i - 1] == y[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[y.count]
}

/// How `suggestion(for:among:ties:)` picks among candidates equally near.
public enum SuggestionTies: Sendable {
  /// The first candidate in the given order.
  case first
  /// A candidate that the word starts (`of` → `off` rather than `on`), else the first; a candidate
  /// equal to the word is never suggested.
  case preferringCompletion
}

/// The candidate nearest to `word` by edit distance (ignoring case), if it is close enough to be a
/// plausible typo: at most a third of the word's length, and at least 1, edits away.
public func suggestion(for word: String, among candidates: [String], ties: SuggestionTies = .first) -> String? {
  let limit = max(1, (word.count + 2) / 3)
  let pool = ties == .first ? candidates : candidates.filter { $0 != word }
  let scored = pool.map { (text: $0, distance: editDistance(word.lowercased(), $0.lowercased())) }
  guard let best = scored.map(\.distance).min(), best <= limit else { return nil }
  let tied = scored.filter { $0.distance == best }.map(\.text)
  return ties == .first ? tied.first : (tied.first { $0.hasPrefix(word) } ?? tied.first)
}
