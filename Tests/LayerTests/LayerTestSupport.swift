import BuiltinLayers
import LayerKit
import Schema
import TensorCore

/// Helpers shared by the layer tests.
enum LayerTestSupport {
  /// The built-in registry.
  static let registry = LayerRegistry(BuiltinLayers.all)

  /// Builds one layer of `type` from `key=value` options through the registry, as a model would.
  static func build(_ type: String, _ options: [(String, String)] = [], input: FeatureShape, seed: UInt64 = 9) throws
    -> any Layer
  {
    let layerType = try registry.lookup(type)
    let parsed = try Options(options.map { (key: $0.0, value: $0.1) }, specs: layerType.options)
    var rng = RNG(seed: seed)
    return try layerType.make(parsed, input, &rng)
  }
}
