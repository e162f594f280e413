extension Vocabulary {
  /// The first line of a saved vocabulary: the tokenizer settings it was built with.
  static let header = "#repl-vocabulary"

  /// The vocabulary as text: a `#repl-vocabulary lowercase=yes stopwords=none` line, then one
  /// `token<TAB>count` line per id in order (`<pad>` and `<unk>` first), so line n + 2 holds id n.
  /// `counts` gives each token's count in the data (`<unk>` counts the unknown tokens).
  public func text(counts: (String) -> Int) -> String {
    var out = "\(Vocabulary.header) lowercase=\(settings.lowercase ? "yes" : "no") stopwords=\(settings.stopwords)\n"
    for token in tokens { out += "\(token)\t\(counts(token))\n" }
    return out
  }

  /// Reads `text(counts:)` back; a malformed line is an error naming its line number.
  public static func parse(_ text: String, path: String) throws(DataError) -> (Vocabulary, [Int]) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let first = lines.first, first.hasPrefix(header) else {
      throw DataError("not a saved vocabulary: the first line must start with \(header)", path: path, line: 1)
    }
    var settings = TokenizerSettings()
    for field in first.split(separator: " ").dropFirst() {
      let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
      if pair.count == 2 && pair[0] == "lowercase" { settings.lowercase = pair[1] == "yes" }
      if pair.count == 2 && pair[0] == "stopwords" { settings.stopwords = pair[1] }
    }
    var words: [String] = []
    var counts: [Int] = []
    for (n, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard parts.count == 2, let count = Int(parts[1]), count >= 0 else {
        throw DataError("expected token<TAB>count", path: path, line: n + 1)
      }
      words.append(String(parts[0]))
      counts.append(count)
    }
    let specials = Array(words.prefix(2))
    guard specials == [pad, unk] else {
      throw DataError("the first two tokens must be \(pad) and \(unk)", path: path, line: 2)
    }
    return (Vocabulary(words: Array(words.dropFirst(2)), settings: settings), counts)
  }
}
