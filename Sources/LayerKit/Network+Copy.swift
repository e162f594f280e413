/// Copying a network: the same spec and layers with independent parameter storage.
extension Network {
  /// An independent copy: rebuilt from `spec` with `registry`, then every parameter's value and
  /// frozen flag copied by key. Gradients start at zero; later changes to either side do not show
  /// in the other.
  public func copy(registry: LayerRegistry) throws(LayerError) -> Network {
    let copy = try Network(spec: spec, registry: registry, input: inputShape, seed: 0)
    let source = Dictionary(parameters, uniquingKeysWith: { first, _ in first })
    for (key, target) in copy.parameters {
      guard let original = source[key] else { throw LayerError("copy: parameter '\(key)' is missing in the original") }
      guard original.value.shape == target.value.shape else {
        throw LayerError(
          "copy: parameter '\(key)' has shape \(original.value.shape), the rebuilt layer \(target.value.shape)")
      }
      target.value = original.value
      target.frozen = original.frozen
    }
    return copy
  }
}
