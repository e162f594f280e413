import Recurrent
import RecurrentKernels

/// The GRU gate arithmetic in PyTorch's form, gate blocks r, z, n: r = σ(x_r + h_r),
/// z = σ(x_z + h_z), n = tanh(x_n + r·(W_hn·h + b_hn)), h' = (1−z)·n + z·h (the element-wise
/// loops are `rk_gru_forward`/`rk_gru_backward` in C).
///
/// Forward keeps the activated gates in `gates` and W_hn·h + b_hn in `extra`; backward leaves the
/// hidden-side gradient of the n block (which carries the factor r) in `extra`, and the direct
/// part z·dL/dh of dL/dh(t−1) in `state`.
public enum GRUCell: RecurrentCell {
  public static let gateCount = 3
  public static let foldedHiddenBiasGates = 2
  public static let separateHiddenGradientGate: Int? = 2
  public static let hasDirectHiddenPath = true
  public static let fusesInputProjection = false
  public static func forward(_ step: inout StepBuffers) { rk_gru_forward(&step) }
  public static func backward(_ step: inout StepBuffers) { rk_gru_backward(&step) }
}
