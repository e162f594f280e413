import TensorCore

/// The state of one recurrent direction between calls: h (and, for an LSTM, c) of every example,
/// `[B, H]` in example order. A GRU's `cell` is all zeros.
public struct RecurrentState: Sendable, Equatable {
  /// h of every example.
  public var hidden: Tensor
  /// c of every example (LSTM); zeros for cells without one.
  public var cell: Tensor

  /// A state of `hidden` and `cell`, both `[B, H]`.
  public init(hidden: Tensor, cell: Tensor) {
    self.hidden = hidden
    self.cell = cell
  }

  /// The number of examples.
  public var batch: Int { hidden.shape.first ?? 0 }
}
