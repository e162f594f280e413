import Recurrent
import RecurrentKernels

/// The LSTM gate arithmetic, gate blocks i, f, g, o: c' = σ(f)·c + σ(i)·tanh(g),
/// h' = σ(o)·tanh(c') (the element-wise loops are `rk_lstm_forward`/`rk_lstm_backward` in C).
///
/// Forward keeps the activated gates in `gates` and c(t−1) in `extra`; backward recomputes c(t)
/// and tanh(c(t)) from them. Input-side and hidden-side gate gradients are equal.
public enum LSTMCell: RecurrentCell {
  public static let gateCount = 4
  public static let foldedHiddenBiasGates = 4
  public static let separateHiddenGradientGate: Int? = nil
  public static let hasDirectHiddenPath = false
  public static let fusesInputProjection = true
  public static func forward(_ step: inout StepBuffers) { rk_lstm_forward(&step) }
  public static func backward(_ step: inout StepBuffers) { rk_lstm_backward(&step) }
}
