import LayerKit

/// Placeholder: the dense layer type (not yet implemented).
public enum DenseLayer {
  public static let type = LayerType(name: "dense", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'dense' is not implemented yet")
  }
}
