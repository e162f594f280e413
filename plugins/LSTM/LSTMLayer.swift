import LayerKit

/// Placeholder: the lstm layer type (not yet implemented).
public enum LSTMLayer {
  public static let type = LayerType(name: "lstm", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'lstm' is not implemented yet")
  }
}
