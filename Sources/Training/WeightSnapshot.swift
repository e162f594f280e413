import LayerKit
import TensorCore

/// A copy of every parameter value of a network, to restore later (best epoch, last good step).
///
/// Tensors are copy-on-write, so taking a snapshot costs one reference per parameter; the copy is
/// made only when the optimizer next writes to a parameter.
public struct WeightSnapshot {
  private let values: [(Parameter, Tensor)]

  /// Captures the current values of `parameters`.
  public init(_ parameters: [(String, Parameter)]) {
    values = parameters.map { ($0.1, $0.1.value) }
  }

  /// Puts the captured values back.
  public func restore() {
    for (p, v) in values { p.value = v }
  }
}
