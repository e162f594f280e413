import TensorCore

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// The result of a cross-entropy evaluation: summed loss, correct predictions and the gradient.
public struct LossResult {
  /// The mean loss over the counted rows.
  public var loss: Double
  /// The number of rows counted (examples, or real positions for a language model).
  public var count: Int
  /// How many counted rows had their target as the arg-max prediction.
  public var correct: Int
  /// The gradient of the mean loss with respect to the logits (same shape); zero on padding.
  public var gradient: Tensor
}

/// Softmax cross-entropy, computed stably (max-shifted log-sum-exp) with its gradient w.r.t. logits.
public enum Loss {
  /// Cross-entropy of `[batch, classes]` logits against one class index per example. The gradient
  /// is written into `spare` when it is given and no one else holds it (a step's buffer reused).
  public static func softmaxCrossEntropy(
    logits: Tensor, labels: [Int32], reusing spare: consuming Tensor? = nil
  ) -> LossResult {
    let width = logits.shape.last ?? 1
    let rows = labels.enumerated().map { (row: $0.offset, target: $0.element) }
    return crossEntropy(logits: logits, width: width, rows: rows, reusing: spare.take())
  }

  /// Next-token cross-entropy of `[batch, time, vocab]` logits: `targets` holds `batch × time` ids,
  /// and only positions `t < lengths[b]` count (the mean is over real positions).
  public static func sequenceCrossEntropy(
    logits: Tensor, targets: [Int32], lengths: [Int], reusing spare: consuming Tensor? = nil
  ) -> LossResult {
    let width = logits.shape.last ?? 1
    return crossEntropy(
      logits: logits, width: width, rows: countedRows(targets: targets, lengths: lengths), reusing: spare.take())
  }

  /// Masked-language-model cross-entropy of `[batch, time, vocab]` logits: `targets` holds
  /// `batch × time` ids, −1 at positions that were not chosen for prediction; only the chosen ones
  /// count (the mean is over them), the others get a zero gradient.
  public static func maskedCrossEntropy(
    logits: Tensor, targets: [Int32], reusing spare: consuming Tensor? = nil
  ) -> LossResult {
    crossEntropy(
      logits: logits, width: logits.shape.last ?? 1, rows: maskedRows(targets: targets), reusing: spare.take())
  }

  /// The positions of a masked-LM batch that were chosen (target ≥ 0), each with its target.
  public static func maskedRows(targets: [Int32]) -> [(row: Int, target: Int32)] {
    targets.enumerated().filter { $0.element >= 0 }.map { (row: $0.offset, target: $0.element) }
  }

  /// The positions `b·time + t` with `t < lengths[b]` of a language-model batch, each with its
  /// next-token target (`targets` holds `batch × time` ids).
  public static func countedRows(targets: [Int32], lengths: [Int]) -> [(row: Int, target: Int32)] {
    let time = lengths.isEmpty ? 0 : targets.count / lengths.count
    var rows: [(row: Int, target: Int32)] = []
    rows.reserveCapacity(targets.count)
    for (b, length) in lengths.enumerated() {
      for t in 0..<min(length, time) { rows.append((b * time + t, targets[b * time + t])) }
    }
    return rows
  }

  /// The softmax of one row of logits at a temperature, in Double for sampling and display.
  public static func softmax(_ logits: ArraySlice<Float>, temperature: Double = 1) -> [Double] {
    let scaled = logits.map { Double($0) / temperature }
    let top = scaled.max() ?? 0
    let e = scaled.map { exp($0 - top) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// Shared kernel: rows of `width` logits, each with a target (`tk_cross_entropy_row`, the same
  /// bits on every instruction set); other rows get a zero gradient.
  static func crossEntropy(
    logits: Tensor, width: Int, rows: [(row: Int, target: Int32)], reusing spare: consuming Tensor?
  ) -> LossResult {
    var gradient = gradientBuffer(like: logits, spare: spare.take(), counted: rows.map(\.row), width: width)
    let scale = Float(1) / Float(max(rows.count, 1))
    let (total, correct) = CrossEntropyRows.accumulate(logits, width: width, rows: rows, scale: scale, into: &gradient)
    return LossResult(loss: total / Double(max(rows.count, 1)), count: rows.count, correct: correct, gradient: gradient)
  }

  /// A tensor shaped like `logits` whose rows other than `counted` are zero: `spare`'s storage when
  /// it can hold them (only the uncounted rows are cleared), otherwise a new zeroed tensor.
  static func gradientBuffer(like logits: Tensor, spare: consuming Tensor?, counted: [Int], width: Int) -> Tensor {
    guard var buffer = spare.take(), buffer.data.capacity >= logits.count else { return Tensor(shape: logits.shape) }
    buffer.resizeForOverwrite(to: logits.shape)
    var isCounted = [Bool](repeating: false, count: logits.count / max(width, 1))
    for row in counted { isCounted[row] = true }
    buffer.withMutablePointer { g in
      for (row, counts) in isCounted.enumerated() where !counts { (g + row * width).update(repeating: 0, count: width) }
    }
    return buffer
  }
}
