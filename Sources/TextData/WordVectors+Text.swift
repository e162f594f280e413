extension WordVectors {
  /// The text formats vectors are saved in (both are read back by `load … format=vectors`).
  public enum TextFormat: String, Sendable, CaseIterable {
    /// One `word v1 v2 …` line per word (Stanford GloVe).
    case glove
    /// The same lines after a `count dimension` header (word2vec / fastText `.vec`).
    case word2vec
  }

  /// The vectors as text: every value in Swift's shortest round-trip spelling, so loading the
  /// file gives the same floats.
  public func text(_ format: TextFormat) -> String {
    var out = format == .word2vec ? "\(words.count) \(dimension)\n" : ""
    out.reserveCapacity(words.count * (dimension * 11 + 12))
    for (i, word) in words.enumerated() {
      out += word
      for v in values[(i * dimension)..<((i + 1) * dimension)] { out += " \(v)" }
      out += "\n"
    }
    return out
  }
}
