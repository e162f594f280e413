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
  /// Cross-entropy of `[batch, classes]` logits against one class index per example.
  public static func softmaxCrossEntropy(logits: Tensor, labels: [Int32]) -> LossResult {
    let width = logits.shape.last ?? 1
    let rows = labels.enumerated().map { (row: $0.offset, target: $0.element) }
    return crossEntropy(logits: logits, width: width, rows: rows)
  }

  /// Next-token cross-entropy of `[batch, time, vocab]` logits: `targets` holds `batch × time` ids,
  /// and only positions `t < lengths[b]` count (the mean is over real positions).
  public static func sequenceCrossEntropy(logits: Tensor, targets: [Int32], lengths: [Int]) -> LossResult {
    let width = logits.shape.last ?? 1
    let time = lengths.isEmpty ? 0 : targets.count / lengths.count
    var rows: [(row: Int, target: Int32)] = []
    for (b, length) in lengths.enumerated() {
      for t in 0..<min(length, time) { rows.append((b * time + t, targets[b * time + t])) }
    }
    return crossEntropy(logits: logits, width: width, rows: rows)
  }

  /// The softmax of one row of logits at a temperature, in Double for sampling and display.
  public static func softmax(_ logits: ArraySlice<Float>, temperature: Double = 1) -> [Double] {
    let scaled = logits.map { Double($0) / temperature }
    let top = scaled.max() ?? 0
    let e = scaled.map { exp($0 - top) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// Shared kernel: rows of `width` logits, each with a target; other rows get a zero gradient.
  static func crossEntropy(logits: Tensor, width: Int, rows: [(row: Int, target: Int32)]) -> LossResult {
    var gradient = Tensor(shape: logits.shape)
    let scale = Float(1) / Float(max(rows.count, 1))
    var total = 0.0
    var correct = 0
    logits.data.withUnsafeBufferPointer { x in
      gradient.data.withUnsafeMutableBufferPointer { g in
        for (row, target) in rows {
          let base = row * width
          var top = x[base]
          var arg = 0
          for j in 1..<max(width, 1) where x[base + j] > top {
            top = x[base + j]
            arg = j
          }
          var sum: Float = 0
          for j in 0..<width {
            let e = expf(x[base + j] - top)
            g[base + j] = e
            sum += e
          }
          let inverse = 1 / sum
          for j in 0..<width { g[base + j] *= inverse * scale }
          let y = Int(target)
          g[base + y] -= scale
          total += Double(top) + Double(logf(sum)) - Double(x[base + y])
          if arg == y { correct += 1 }
        }
      }
    }
    return LossResult(loss: total / Double(max(rows.count, 1)), count: rows.count, correct: correct, gradient: gradient)
  }
}
