import LayerKit
import Schema

/// Writes `model.py` for a network of built-in layers: the layer modules (`LayersTemplate`) and a
/// `ReplModel` whose attributes are our layer names, so its `state_dict()` keys and shapes are the
/// network's parameter keys and shapes.
enum ModelSource {
  /// The whole `model.py`; a layer type without a PyTorch module here is an error.
  static func source(_ network: Network, modelName: String) throws(TransferError) -> String {
    var lines: [String] = []
    for (named, spec) in zip(network.layers, network.spec.layers) {
      lines.append("        self.\(named.name) = \(try constructor(named, spec, network.registry))")
    }
    return """
      \"\"\"The repl model '\(modelName)' as a PyTorch module (written by repl's `export`).

      Spec: \(network.spec.text)

      ReplModel().state_dict() has exactly the tensor names and shapes of repl's checkpoint
      (model.safetensors), so `model.load_state_dict(safetensors.torch.load_file(...))` works both
      ways. forward(ids, lengths) takes a right-padded [batch, time] tensor of token ids (0 = <pad>)
      and each sequence's real length, and returns what repl's last layer returns (class logits).
      \"\"\"

      \(LayersTemplate.source)

      SPEC = \(jsonString(network.spec.text))


      class ReplModel(nn.Module):
          \"\"\"\(network.spec.text)\"\"\"

          def __init__(self):
              super().__init__()
      \(lines.joined(separator: "\n"))

          def forward(self, ids, lengths):
              x = ids
              for layer in self.children():
                  x = layer(x, lengths)
              return x

      """
  }

  /// The Python expression building one layer's module.
  private static func constructor(_ named: NamedLayer, _ spec: LayerSpec, _ registry: LayerRegistry)
    throws(TransferError) -> String
  {
    let layer = named.layer
    let type = spec.type
    let o = try options(named, spec, registry)
    let features = layer.inputShape.width
    let width = layer.outputShape.width
    func float(_ key: String, _ fallback: Float) -> String { "\(o?.float(key) ?? fallback)" }
    switch type {
    case "embedding": return "Embedding(\(features), \(width))"
    case "lstm", "gru":
      let hidden = o?.int("hidden") ?? 128
      let layers = o?.int("layers") ?? 1
      let bidirectional = (o?.bool("bidirectional") ?? false) ? "True" : "False"
      return
        "\(type.uppercased())(\(features), \(hidden), layers=\(layers), bidirectional=\(bidirectional), dropout=\(float("dropout", 0)))"
    case "pool": return "Pool(\"\(o?.string("mode") ?? "last")\")"
    case "dense": return "Dense(\(features), \(width), activation=\"\(o?.string("activation") ?? "none")\")"
    case "dropout": return "Dropout(\(float("p", 0.5)))"
    case "relu", "tanh": return "Pointwise(\"\(type)\")"
    case "transformer":
      let heads = o?.int("heads") ?? 4
      let ff = o?.int("ff") ?? 4 * features
      let maxlen = o?.int("maxlen") ?? 512
      let positions = o?.string("positions") ?? "learned"
      return
        "Transformer(\(features), heads=\(heads), ff=\(ff), dropout=\(float("dropout", 0.1)), maxlen=\(maxlen), positions=\"\(positions)\")"
    default:
      throw TransferError("layer '\(named.name)' has type '\(type)', which export cannot write as PyTorch code")
    }
  }

  /// The layer's options as written in the spec, with the type's defaults.
  private static func options(_ named: NamedLayer, _ spec: LayerSpec, _ registry: LayerRegistry)
    throws(TransferError) -> Options?
  {
    guard let type = registry[spec.type] else { return nil }
    let pairs = spec.options.map { (key: $0.key, value: $0.value) }
    do { return try Options(pairs, specs: type.options) } catch {
      throw TransferError("layer '\(named.name)': \(error.message)")
    }
  }
}
