import Schema

/// Turns the layers of a `model NAME = …` command into a `Network`, resolving the model-level
/// conveniences first: a bare word after a layer type is its first option (`pool last` =
/// `pool mode=last`), and `vocab` as a whole-number option value means the vocabulary size
/// (`dense out=vocab`, a language-model head); a whole-number option whose default is `vocab` and
/// that is not given gets the vocabulary size written out (`adaptive` → `adaptive … out=V`).
/// Errors name the layer by position and the option.
public enum ModelBuilder {
  /// The resolved spec (as stored with the network and in checkpoints).
  public static func resolve(_ spec: ModelSpec, registry: LayerRegistry, vocabularySize: Int) throws(LayerError)
    -> ModelSpec
  {
    var resolved = spec
    for (index, layer) in spec.layers.enumerated() {
      let position = "layer \(index + 1) (\(layer.type))"
      let type: LayerType
      do { type = try registry.lookup(layer.type) } catch { throw LayerError("\(position): \(error.message)") }
      resolved.layers[index].options = try layer.options.map { (pair) throws(LayerError) -> LayerSpec.Pair in
        var pair = pair
        if pair.key.isEmpty {
          guard let first = type.options.first else {
            throw LayerError("\(position): '\(pair.value)' is not an option; '\(layer.type)' takes no options")
          }
          pair.key = first.key
        }
        if pair.value == "vocab", case .int = type.options.first(where: { $0.key == pair.key })?.kind {
          pair.value = String(vocabularySize)
        }
        return pair
      }
      let given = Set(resolved.layers[index].options.map(\.key))
      for option in type.options where option.defaultValue == "vocab" && !given.contains(option.key) {
        resolved.layers[index].options.append(LayerSpec.Pair(option.key, String(vocabularySize)))
      }
    }
    return resolved
  }

  /// Builds the network for token input over `vocabularySize` ids.
  public static func network(
    _ spec: ModelSpec, registry: LayerRegistry, vocabularySize: Int, seed: UInt64
  ) throws(LayerError) -> Network {
    let resolved = try resolve(spec, registry: registry, vocabularySize: vocabularySize)
    let network = try Network(
      spec: resolved, registry: registry, input: .tokens(vocabulary: vocabularySize), seed: seed)
    try checkLanguageModelHead(network, vocabularySize: vocabularySize)
    return network
  }

  /// A last-layer-only layer (dense on a sequence) must predict the next token, so its width must be
  /// the vocabulary size; otherwise it is a classifier missing its pool (`… | lstm | dense out=2`).
  static func checkLanguageModelHead(_ network: Network, vocabularySize: Int) throws(LayerError) {
    guard let last = network.layers.last, last.layer.lastLayerOnly != nil,
      network.outputShape.width != vocabularySize
    else { return }
    if last.layer is any TargetLossLayer {
      throw LayerError(
        "layer \(network.layers.count) (\(last.layer.typeName)): out=\(network.outputShape.width) is not the "
          + "vocabulary size (\(vocabularySize)); leave out= unset (it defaults to the vocabulary size)")
    }
    throw LayerError(
      "layer \(network.layers.count) (\(last.layer.typeName)): input is a sequence (\(last.layer.inputShape)) and "
        + "\(network.outputShape.width) outputs is not the vocabulary size (\(vocabularySize)); "
        + "add 'pool last|mean|max|concat' before it, or use out=vocab for a language model")
  }
}
