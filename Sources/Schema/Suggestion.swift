/// The Levenshtein edit distance between two strings, by Unicode scalars.
public func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
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

/// The candidate nearest to `word` by edit distance, if it is close enough to be a plausible typo
/// (at most a third of the word's length, and at least 1, edits away). Ties go to the first candidate.
public func suggestion(for word: String, among candidates: [String]) -> String? {
  let limit = max(1, (word.count + 2) / 3)
  var best: (String, Int)?
  for candidate in candidates {
    let d = editDistance(word.lowercased(), candidate.lowercased())
    if d <= limit && d < (best?.1 ?? Int.max) { best = (candidate, d) }
  }
  return best?.0
}
