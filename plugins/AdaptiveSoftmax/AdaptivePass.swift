import TensorCore

/// What the adaptive softmax keeps from its last forward (or `targetLoss`) for the backward pass;
/// after a forward only the input rows, from which `backward` recomputes the log-probabilities.
struct AdaptivePass {
  /// The input rows the head saw, `[n, in]`.
  var x: Tensor
  /// Where each of those rows sits among the input's `B·T` positions; nil when they are all of
  /// them, in order.
  var positions: [Int]?
  /// The input's shape, which the returned gradient takes.
  var inputShape: [Int]
  /// The real lengths of the input's sequences.
  var lengths: [Int]
  /// The head's log-probabilities `[n, shortlist + clusters]` (full forward only).
  var headLogProb = Tensor(shape: [0])
  /// The gradient with respect to the head's logits, `[n, shortlist + clusters]`.
  var headGrad = Tensor(shape: [0])
  /// One entry per tail cluster.
  var clusters: [Cluster] = []

  /// One tail cluster's part of the pass.
  struct Cluster {
    /// The rows of `x` it ran on, or nil for all of them.
    var members: [Int]?
    /// Those rows, `[m, in]`.
    var x: Tensor
    /// Their projections, `[m, hsz]`.
    var hidden: Tensor
    /// The cluster's log-probabilities `[m, osz]` (full forward only).
    var logProb = Tensor(shape: [0])
    /// The gradient with respect to the cluster's logits, `[m, osz]`.
    var grad = Tensor(shape: [0])
  }
}
