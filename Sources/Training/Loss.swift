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
        guard let xBase = x.baseAddress, let gBase = g.baseAddress else { return }
        for (row, target) in rows {
          let base = row * width
          let (top, arg) = VectorMath.argmax(xBase + base, count: width)
          let sum = expSum(xBase + base, top, gBase + base, width)
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

  /// Writes e^(x[j] − top) for one row into `out` and returns the sum. Wide rows (language-model
  /// heads over a vocabulary) take the eight-lane path, which measured about 20 % of a config-C
  /// training step with scalar `expf`; narrow classifier rows keep the scalar path.
  @inline(__always)
  static func expSum(_ x: UnsafePointer<Float>, _ top: Float, _ out: UnsafeMutablePointer<Float>, _ width: Int)
    -> Float
  {
    if width >= vectorWidthThreshold { return VectorMath.expShifted(x, shift: top, into: out, count: width) }
    var sum: Float = 0
    for j in 0..<width {
      let e = expf(x[j] - top)
      out[j] = e
      sum += e
    }
    return sum
  }

  /// Rows at least this wide use the vectorised exponential.
  static let vectorWidthThreshold = 64
}
