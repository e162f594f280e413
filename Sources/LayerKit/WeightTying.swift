/// A layer whose weight can be the same tensor as an earlier layer's (AWD-LSTM's tied decoder and
/// embedding, Press & Wolf 2017): `dense out=vocab tie=embedding`.
public protocol WeightTyingLayer: Layer {
  /// The name of the earlier layer whose `weight` this layer uses, if any.
  var tiedTo: String? { get }
  /// This layer's own `weight` shape, which the tied tensor must have.
  var weightShape: [Int] { get }
  /// From now on uses `parameter` (another layer's) as its weight.
  func tie(to parameter: Parameter)
}

extension Network {
  /// The parameters a layer can share through `tie=`: a plain layer's `weight`, and the word
  /// embeddings of `bert_embeddings` (BERT's MLM decoder is tied to them).
  static let tieableNames: Set<String> = ["weight", "word_embeddings.weight"]

  /// Ties every `WeightTyingLayer` in `layers` that asks for it to the `weight` of the earlier
  /// layer it names; errors name the layer, the option and the shapes.
  static func tieWeights(_ layers: [NamedLayer]) throws(LayerError) {
    for (index, named) in layers.enumerated() {
      guard let tying = named.layer as? any WeightTyingLayer, let target = tying.tiedTo else { continue }
      let position = "layer \(index + 1) (\(named.layer.typeName))"
      let earlier = layers[..<index]
      guard let source = earlier.first(where: { $0.name == target }) else {
        let names = earlier.map(\.name).joined(separator: ", ")
        throw LayerError("\(position): option 'tie=' names no earlier layer '\(target)' (earlier layers: \(names))")
      }
      guard let weight = source.layer.parameters.first(where: { tieableNames.contains($0.0) })?.1 else {
        throw LayerError("\(position): option 'tie=\(target)': layer '\(target)' has no weight to share")
      }
      guard weight.value.shape == tying.weightShape else {
        throw LayerError(
          "\(position): option 'tie=\(target)': its weight \(tying.weightShape) and \(target).weight "
            + "\(weight.value.shape) differ in shape; make the layer before it output \(weight.value.shape.last ?? 0) "
            + "features and use out=vocab")
      }
      tying.tie(to: weight)
    }
  }
}
