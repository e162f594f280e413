import LayerKit

/// Placeholder: the transformer layer type (not yet implemented).
public enum TransformerLayer {
  public static let type = LayerType(name: "transformer", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'transformer' is not implemented yet")
  }
}
