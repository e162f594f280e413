import TensorCore

/// What a `TargetLossLayer` reports for a batch of targets.
public struct TargetLoss: Sendable {
  /// The mean negative log-likelihood of the targets (exact normalised log-probabilities).
  public var loss: Double
  /// How many targets are the arg-max of the full distribution over the classes.
  public var correct: Int

  public init(loss: Double, correct: Int) {
    self.loss = loss
    self.correct = correct
  }
}

/// An output layer that can score chosen rows of its input against targets without computing its
/// output at the other rows: a masked language model's decoder scores only the masked positions
/// (as fairseq's RoBERTa head does with `masked_tokens`). The loss and gradients are the same
/// numbers as scoring every row and ignoring the others. Training calls `targetLoss`, then
/// `backwardTargetLoss`.
public protocol RowScoringLayer: Layer {
  /// The mean loss of `rows` of `input` (positions `b·time + t` of a `[B, T, F]` sequence, each with
  /// its target class); caches what `backwardTargetLoss` needs.
  func targetLoss(_ input: Activation, rows: [(row: Int, target: Int32)], context: LayerContext) throws -> TargetLoss
  /// Accumulates the parameter gradients of the last `targetLoss` and returns the gradient with
  /// respect to its input values (zero at positions that were not scored).
  func backwardTargetLoss(context: LayerContext) throws -> Tensor
}

/// A language model's output layer that scores given targets without computing every class's
/// output: an adaptive softmax computes its head plus only the tail clusters the targets fall in
/// (as PyTorch's `AdaptiveLogSoftmaxWithLoss.forward` does). Such a layer is only ever a language
/// model's last layer, never a classifier's.
///
/// Its ordinary `forward` still outputs the full normalised log-probabilities over the classes
/// (for evaluation, perplexity and sampling), so the usual softmax cross-entropy of that output is
/// the same loss.
public protocol TargetLossLayer: RowScoringLayer {}

/// Rows of row-major `[rows, width]` tensors picked by index, for layers that score some rows only.
public enum RowGather {
  /// The rows `indices` of a `[rows, width]` tensor, in that order.
  public static func gather(_ x: Tensor, rows indices: [Int], width: Int) -> Tensor {
    var y = Tensor(shape: [indices.count, width])
    x.withPointer { px in
      y.withMutablePointer { py in
        for (i, row) in indices.enumerated() { (py + i * width).update(from: px + row * width, count: width) }
      }
    }
    return y
  }

  /// Adds row `i` of `rows` into row `indices[i]` of `into`.
  public static func scatterAdd(_ rows: Tensor, to indices: [Int], width: Int, into y: inout Tensor) {
    rows.withPointer { pr in
      y.withMutablePointer { py in
        for (i, row) in indices.enumerated() {
          let (source, target) = (pr + i * width, py + row * width)
          for j in 0..<width { target[j] += source[j] }
        }
      }
    }
  }
}
