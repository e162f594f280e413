/// One `TYPE key=value …` segment of a model spec.
public struct LayerSpec: Sendable, Equatable {
  public var type: String
  public var options: [Pair]

  /// One `key=value` option as written.
  public struct Pair: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  public init(type: String, options: [Pair] = []) {
    self.type = type
    self.options = options
  }

  /// `lstm hidden=128`
  public var text: String {
    ([type] + options.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
  }
}

/// A model spec: the layers of `model NAME = a | b | c` in order.
public struct ModelSpec: Sendable, Equatable {
  public var layers: [LayerSpec]
  public init(layers: [LayerSpec]) { self.layers = layers }

  /// The canonical spelling `embedding dim=64 | lstm hidden=128 | …`, stored in checkpoints.
  public var text: String { layers.map(\.text).joined(separator: " | ") }
}
