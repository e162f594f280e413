import LayerKit

/// Placeholder: the dropout layer type (not yet implemented).
public enum DropoutLayer {
  public static let type = LayerType(name: "dropout", summary: "(not implemented yet)", options: []) { _, _, _ in
    throw LayerError("layer type 'dropout' is not implemented yet")
  }
}
