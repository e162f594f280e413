import LayerKit

/// Placeholder: the gru layer type (not yet implemented).
public enum GRULayer {
  public static let type = LayerType(name: "gru", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'gru' is not implemented yet")
  }
}
