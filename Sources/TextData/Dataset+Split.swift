import TensorCore

extension Dataset {
  /// Splits into parts with the given fractions (each ≥ 0, summing to 1 ± 1e-6). Stratified: every
  /// label is shuffled and divided on its own (largest remainder), so each part keeps the label
  /// proportions. Parts list their examples in the original order.
  public func split(fractions: [Double], seed: UInt64, stratify: Bool = true) throws(DataError) -> [Dataset] {
    let sum = fractions.reduce(0, +)
    guard fractions.allSatisfy({ $0 >= 0 }), abs(sum - 1) <= 1e-6 else {
      throw DataError("split fractions must be ≥ 0 and sum to 1, but they sum to \(Dataset.shortNumber(sum))")
    }
    var rng = RNG(seed: seed)
    var parts = [[Int]](repeating: [], count: fractions.count)
    for group in groups(stratify: stratify) {
      var members = group
      rng.shuffle(&members)
      var start = 0
      for (k, size) in Dataset.apportion(members.count, fractions).enumerated() {
        parts[k] += members[start..<(start + size)]
        start += size
      }
    }
    return parts.enumerated().map { k, indices in
      subset(indices.sorted(), source: "split of \(source) (\(Dataset.shortNumber(fractions[k])))")
    }
  }

  /// `n` examples drawn without replacement (stratified: label proportions kept), in original order.
  public func sample(n: Int, seed: UInt64, stratify: Bool = true) throws(DataError) -> Dataset {
    guard n <= count else { throw DataError("cannot sample \(n) examples from \(count)") }
    var rng = RNG(seed: seed)
    let groups = groups(stratify: stratify)
    let sizes = Dataset.apportion(n, groups.map { Double($0.count) / Double(Swift.max(count, 1)) })
    var chosen: [Int] = []
    for (group, size) in zip(groups, sizes) {
      var members = group
      rng.shuffle(&members)
      chosen += members.prefix(size)
    }
    return subset(chosen.sorted(), source: "sample of \(source) (n=\(n))")
  }

  /// A dataset of the examples at `indices`, with the same label names.
  public func subset(_ indices: [Int], source: String) -> Dataset {
    Dataset(examples: indices.map { examples[$0] }, labelNames: labelNames, source: source)
  }

  /// Example indices grouped by label (unlabeled last), or one group when not stratifying.
  func groups(stratify: Bool) -> [[Int]] {
    guard stratify else { return [Array(0..<count)] }
    var groups = [[Int]](repeating: [], count: labelNames.count + 1)
    for (i, e) in examples.enumerated() { groups[e.label ?? labelNames.count].append(i) }
    return groups.filter { !$0.isEmpty }
  }

  /// Whole sizes proportional to `fractions` that add up to `total` (largest remainder, ties to the
  /// earlier part).
  static func apportion(_ total: Int, _ fractions: [Double]) -> [Int] {
    let sum = fractions.reduce(0, +)
    guard sum > 0 else { return fractions.map { _ in 0 } }
    let exact = fractions.map { Double(total) * $0 / sum }
    var sizes = exact.map { Int($0.rounded(.down)) }
    let order = exact.indices.sorted { (exact[$0] - Double(sizes[$0]), -$0) > (exact[$1] - Double(sizes[$1]), -$1) }
    var left = total - sizes.reduce(0, +)
    for k in order where left > 0 {
      sizes[k] += 1
      left -= 1
    }
    return sizes
  }

  /// `0.8`, `0.95`, `1` — up to six decimals without trailing zeros.
  static func shortNumber(_ x: Double) -> String {
    var s = String(Int((x * 1e6).rounded()))
    let negative = s.hasPrefix("-")
    if negative { s.removeFirst() }
    while s.count < 7 { s = "0" + s }
    var fraction = String(s.suffix(6))
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let whole = String(s.dropLast(6))
    return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
  }
}
