import LayerKit
import Recurrent

/// The `gru` layer type: PyTorch's `nn.GRU` (gate order r, z, n) over right-padded sequences.
public enum GRULayer {
  /// The registered type: `gru hidden=128 layers=1 bidirectional=no dropout=0`.
  public static let type = RecurrentLayer<GRUCell>.type(
    name: "gru", summary: "gated recurrent unit over a sequence (PyTorch nn.GRU layout)")
}
