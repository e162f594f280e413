import RecurrentKernels

/// The raw views one time step of a recurrent direction works on: the C struct `rk_step` of
/// RecurrentKernels.h (which documents every field).
public typealias StepBuffers = rk_step

/// The gate arithmetic of one recurrent cell type; `RecurrentLayer` does everything else.
public protocol RecurrentCell: SendableMetatype {
  /// The number of gate blocks of H rows in W_ih and W_hh (4 for LSTM, 3 for GRU).
  static var gateCount: Int { get }
  /// How many leading gate blocks of b_hh are simply added to the pre-activation, and so folded
  /// into the input-side bias.
  static var foldedHiddenBiasGates: Int { get }
  /// The gate block whose hidden-side gradient differs from its input-side one and is left in
  /// `extra` by `backward` (GRU's n gate); nil when both sides are equal.
  static var separateHiddenGradientGate: Int? { get }
  /// Whether h(t−1) reaches h(t) other than through W_hh; `backward` then leaves that part of
  /// dL/dh(t−1) in `state` and the hidden product is added to it.
  static var hasDirectHiddenPath: Bool { get }
  /// Whether the gate pre-activation is one sum of x·W_ihᵀ, h·W_hhᵀ and the biases (LSTM), so that
  /// the input projection can be taken step by step into the same product (`rk_step.fused`).
  static var fusesInputProjection: Bool { get }
  /// One forward step over the running examples.
  static func forward(_ step: inout StepBuffers)
  /// One backward step: reads dL/dy and the state gradients, writes the gate gradients to `gates`
  /// (input side) and `recurrent` (hidden side), and updates the state gradients.
  static func backward(_ step: inout StepBuffers)
}
