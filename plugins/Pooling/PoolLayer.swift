import LayerKit

/// Placeholder: the pool layer type (not yet implemented).
public enum PoolLayer {
  public static let type = LayerType(name: "pool", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'pool' is not implemented yet")
  }
}
