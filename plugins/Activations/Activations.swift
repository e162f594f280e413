import LayerKit

/// Placeholder: relu (not yet implemented).
public enum ReLULayer {
  public static let type = LayerType(name: "relu", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'relu' is not implemented yet")
  }
}

/// Placeholder: tanh (not yet implemented).
public enum TanhLayer {
  public static let type = LayerType(name: "tanh", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'tanh' is not implemented yet")
  }
}
