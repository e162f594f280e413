import TensorCore

/// A padded batch of token ids ready for a network: right-padded with `<pad>` (0), row-major.
public struct TokenBatch: Sendable {
  /// `batch × time` ids.
  public var ids: [Int32]
  public var batch: Int
  /// The padded length (the longest example in the batch, at most `maxlen`).
  public var time: Int
  /// Real lengths (≥ 1; an empty text becomes one `<unk>`); positions at or past a row's length are
  /// padding and must be masked downstream.
  public var lengths: [Int]
  /// Class indices, or -1 for unlabeled examples.
  public var labels: [Int32]
  /// Positions of these examples in the dataset they came from.
  public var indices: [Int]

  public init(ids: [Int32], batch: Int, time: Int, lengths: [Int], labels: [Int32], indices: [Int]) {
    self.ids = ids
    self.batch = batch
    self.time = time
    self.lengths = lengths
    self.labels = labels
    self.indices = indices
  }

  /// `batch × time` mask: 1 for real tokens, 0 for padding.
  public var mask: [Float] {
    var m = [Float](repeating: 0, count: batch * time)
    for (r, length) in lengths.enumerated() { for t in 0..<length { m[r * time + t] = 1 } }
    return m
  }

  /// The share of padding positions in `ids`.
  public var paddingFraction: Double {
    ids.isEmpty ? 0 : 1 - Double(lengths.reduce(0, +)) / Double(ids.count)
  }
}

/// Turns encoded examples into padded batches.
public enum Batcher {
  /// How many batches form one window that is sorted by length before cutting into batches.
  public static let bucketWindow = 50

  /// Batches of at most `size` examples, truncated to `maxlen` tokens. With a generator, examples are
  /// shuffled and then bucketed by length (sorted within windows of 50 batches, batches shuffled) so
  /// padding stays low; without one, the dataset order is kept.
  public static func batches(
    _ encoded: [[Int32]], labels: [Int?], size: Int, maxlen: Int, rng: inout RNG?
  ) -> [TokenBatch] {
    let size = max(1, size)
    let maxlen = max(1, maxlen)
    var order = Array(0..<encoded.count)
    var groups: [ArraySlice<Int>] = []
    if var generator = rng {
      generator.shuffle(&order)
      let window = size * bucketWindow
      var start = 0
      while start < order.count {
        let end = min(start + window, order.count)
        let sorted = order[start..<end].sorted {
          (min(encoded[$0].count, maxlen), $0) < (min(encoded[$1].count, maxlen), $1)
        }
        groups += chunks(sorted[...], size)
        start = end
      }
      generator.shuffle(&groups)
      rng = generator
    } else {
      groups = chunks(order[...], size)
    }
    return groups.map { batch(Array($0), encoded, labels, maxlen) }
  }

  private static func chunks(_ items: ArraySlice<Int>, _ size: Int) -> [ArraySlice<Int>] {
    stride(from: items.startIndex, to: items.endIndex, by: size).map { items[$0..<min($0 + size, items.endIndex)] }
  }

  private static func batch(_ idx: [Int], _ encoded: [[Int32]], _ labels: [Int?], _ maxlen: Int) -> TokenBatch {
    let rows = idx.map { Array((encoded[$0].isEmpty ? [Vocabulary.unkID] : encoded[$0]).prefix(maxlen)) }
    let time = rows.map(\.count).max() ?? 1
    var ids = [Int32](repeating: Vocabulary.padID, count: idx.count * time)
    for (r, row) in rows.enumerated() { for (t, id) in row.enumerated() { ids[r * time + t] = id } }
    return TokenBatch(
      ids: ids, batch: idx.count, time: time, lengths: rows.map(\.count),
      labels: idx.map { i in Int32(i < labels.count ? (labels[i] ?? -1) : -1) }, indices: idx)
  }
}
