import TensorCore

/// A padded batch of token ids ready for a network: right-padded with `<pad>` (0), row-major.
public struct TokenBatch: Sendable {
  /// `batch × time` ids.
  public var ids: [Int32]
  public var batch: Int
  /// The padded length (the longest example in the batch, at most `maxlen`).
  public var time: Int
  /// Real lengths (≥ 1; an empty text becomes one `<unk>`).
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
}

/// Turns encoded examples into padded batches.
public enum Batcher {
  /// Batches of at most `size` examples, truncated to `maxlen` tokens. With a generator, examples are
  /// shuffled and then bucketed by length (sorted within windows of 50 batches, batches shuffled) so
  /// padding stays low; without one, the dataset order is kept.
  public static func batches(
    _ encoded: [[Int32]], labels: [Int?], size: Int, maxlen: Int, rng: inout RNG?
  ) -> [TokenBatch] {
    // Placeholder until the data issue lands: in order, no bucketing.
    var out: [TokenBatch] = []
    var start = 0
    while start < encoded.count {
      let idx = Array(start..<min(start + size, encoded.count))
      let rows = idx.map { Array((encoded[$0].isEmpty ? [Vocabulary.unkID] : encoded[$0]).prefix(maxlen)) }
      let time = rows.map(\.count).max() ?? 1
      var ids = [Int32](repeating: 0, count: idx.count * time)
      for (r, row) in rows.enumerated() { for (t, id) in row.enumerated() { ids[r * time + t] = id } }
      out.append(
        TokenBatch(
          ids: ids, batch: idx.count, time: time, lengths: rows.map(\.count),
          labels: idx.map { Int32(labels[$0] ?? -1) }, indices: idx))
      start += size
    }
    return out
  }
}
