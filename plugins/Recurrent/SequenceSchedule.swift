import LayerKit

/// The order in which a recurrent layer walks a right-padded batch, like PyTorch's packed sequences.
///
/// Examples are sorted by length, longest first, so that at step `s` the examples still running
/// (`length > s`) are a prefix of that order: the per-step products only cover `active[s]` rows,
/// and a finished example's state simply stops advancing. The reverse direction runs each example
/// from its own last real token back to its first.
public struct SequenceSchedule: Sendable {
  /// The number of examples.
  public let batch: Int
  /// The padded length.
  public let time: Int
  /// The real length of each example.
  public let lengths: [Int]
  /// Example indices, longest first (stable).
  public let order: [Int]
  /// `active[s]`: how many examples have a step `s`.
  public let active: [Int]

  /// The schedule for `lengths` padded to `time`; lengths outside 0…time are an error.
  public init(lengths: [Int], batch: Int, time: Int, layer: String) throws(LayerError) {
    guard lengths.count == batch else {
      throw LayerError("\(layer) got \(lengths.count) lengths for a batch of \(batch)")
    }
    if let bad = lengths.first(where: { $0 < 0 || $0 > time }) {
      throw LayerError("\(layer) got a sequence length \(bad) outside 0…\(time)")
    }
    self.batch = batch
    self.time = time
    self.lengths = lengths
    let order = (0..<batch).sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
    self.order = order
    let steps = order.first.map { lengths[$0] } ?? 0
    var active = [Int](repeating: 0, count: steps)
    for b in 0..<batch where lengths[b] > 0 {
      for s in 0..<lengths[b] { active[s] += 1 }
    }
    self.active = active
  }

  /// The number of steps: the longest length.
  public var steps: Int { active.count }

  /// Fills `rows[s · batch + i]` with the batch-major row `b · time + t` that the `i`-th running
  /// example reads at step `s` (t = s forwards, `length − 1 − s` in reverse).
  public func fillRows(_ rows: UnsafeMutablePointer<Int>, reverse: Bool) {
    for s in 0..<steps {
      for i in 0..<active[s] {
        let b = order[i]
        rows[s * batch + i] = b * time + (reverse ? lengths[b] - 1 - s : s)
      }
    }
  }

  /// Calls `body(row)` for every padded batch-major row.
  public func forEachPaddedRow(_ body: (Int) -> Void) {
    for b in 0..<batch where lengths[b] < time {
      for t in lengths[b]..<time { body(b * time + t) }
    }
  }
}
