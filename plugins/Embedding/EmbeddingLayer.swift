import LayerKit

/// Placeholder: the embedding layer type (not yet implemented).
public enum EmbeddingLayer {
  public static let type = LayerType(name: "embedding", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'embedding' is not implemented yet")
  }
}
