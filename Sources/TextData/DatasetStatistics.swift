/// What `show DATASET` reports: counts, token-length percentiles, frequent tokens and duplicates.
public struct DatasetStatistics: Sendable, Equatable {
  public var count: Int
  /// Examples per label name, in label order.
  public var perLabel: [(label: String, count: Int)]
  public var unlabeled: Int
  /// Token-length percentiles (nearest rank) and the maximum.
  public var p50: Int, p90: Int, p99: Int, maxLength: Int
  /// Total tokens and distinct tokens.
  public var tokens: Int, distinctTokens: Int
  /// The most frequent tokens with their counts (ties by byte order).
  public var topTokens: [(token: String, count: Int)]
  /// Examples whose text repeats an earlier example exactly.
  public var duplicates: Int

  public static func == (a: DatasetStatistics, b: DatasetStatistics) -> Bool {
    a.count == b.count && a.perLabel.elementsEqual(b.perLabel, by: ==) && a.unlabeled == b.unlabeled
      && [a.p50, a.p90, a.p99, a.maxLength, a.tokens, a.distinctTokens, a.duplicates]
        == [b.p50, b.p90, b.p99, b.maxLength, b.tokens, b.distinctTokens, b.duplicates]
      && a.topTokens.elementsEqual(b.topTokens, by: ==)
  }
}

extension Dataset {
  /// Statistics of this dataset under `settings` (default: lowercase, no stopwords).
  public func statistics(settings: TokenizerSettings = TokenizerSettings(), top: Int = 10) -> DatasetStatistics {
    let tokenizer = Tokenizer(settings: settings)
    var counter = TokenCounter()
    var lengths: [Int] = []
    lengths.reserveCapacity(count)
    var perLabel = [Int](repeating: 0, count: labelNames.count)
    var unlabeled = 0
    var seen = Set<String>()
    var duplicates = 0
    for e in examples {
      var length = 0
      tokenizer.forEachToken(in: e.text) {
        counter.add($0)
        length += 1
      }
      lengths.append(length)
      if let label = e.label, label < perLabel.count { perLabel[label] += 1 } else { unlabeled += 1 }
      if !seen.insert(e.text).inserted { duplicates += 1 }
    }
    lengths.sort()
    func percentile(_ p: Int) -> Int {
      guard !lengths.isEmpty else { return 0 }
      let rank = (p * lengths.count + 99) / 100
      return lengths[Swift.max(0, Swift.min(lengths.count - 1, rank - 1))]
    }
    return DatasetStatistics(
      count: count, perLabel: zip(labelNames, perLabel).map { ($0, $1) }, unlabeled: unlabeled,
      p50: percentile(50), p90: percentile(90), p99: percentile(99), maxLength: lengths.last ?? 0,
      tokens: counter.total, distinctTokens: counter.distinct,
      topTokens: counter.ranked().prefix(top).map { (counter.token($0), counter.counts[$0]) },
      duplicates: duplicates)
  }
}
