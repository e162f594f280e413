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

/// A language model's output layer that scores given targets without computing every class's
/// output: an adaptive softmax computes its head plus only the tail clusters the targets fall in
/// (as PyTorch's `AdaptiveLogSoftmaxWithLoss.forward` does).
///
/// Its ordinary `forward` still outputs the full normalised log-probabilities over the classes
/// (for evaluation, perplexity and sampling), so the usual softmax cross-entropy of that output is
/// the same loss. Training calls `targetLoss` instead, then `backwardTargetLoss`.
public protocol TargetLossLayer: Layer {
  /// The mean loss of `rows` of `input` (positions `b·time + t` of a `[B, T, F]` sequence, each with
  /// its target class); caches what `backwardTargetLoss` needs.
  func targetLoss(_ input: Activation, rows: [(row: Int, target: Int32)], context: LayerContext) throws -> TargetLoss
  /// Accumulates the parameter gradients of the last `targetLoss` and returns the gradient with
  /// respect to its input values (zero at positions that were not scored).
  func backwardTargetLoss(context: LayerContext) throws -> Tensor
}
