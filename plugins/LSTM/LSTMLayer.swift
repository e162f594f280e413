import LayerKit
import Recurrent

/// The `lstm` layer type: PyTorch's `nn.LSTM` (gate order i, f, g, o) over right-padded sequences.
public enum LSTMLayer {
  /// The registered type: `lstm hidden=128 layers=1 bidirectional=no dropout=0`.
  public static let type = RecurrentLayer<LSTMCell>.type(
    name: "lstm", summary: "long short-term memory over a sequence (PyTorch nn.LSTM layout)")
}
