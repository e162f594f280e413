import CommandLanguage
import LayerKit
import TextData
import TextFormatting
import Training
import Transfer

extension CommandContext {
  /// `load NAME from FOLDER [format=bert]`: a Hugging Face BERT folder becomes the model NAME (the
  /// encoder with its pooler, reading text with its WordPiece vocabulary).
  func loadBert(name: String, path: String, _ out: CommandOutput) throws {
    let model = try BertFolder.load(from: resolvePath(path), display: path, registry: registry)
    define(name, .model(model))
    let blocks = model.network.layers.filter { $0.layer.typeName == "bert" }
    let width = model.network.layers[0].layer.outputShape.width
    let casing = model.vocabulary?.wordPiece?.basic.lowercase == false ? "cased" : "uncased"
    out.line(
      "\(name): BERT encoder, \(blocks.count) blocks of width \(width) (\(grouped(model.network.parameterCount)) parameters), WordPiece vocabulary of \(grouped(model.vocabulary?.count ?? 0)) tokens (\(casing)), from \(path)"
    )
  }

  /// `save NAME to FOLDER format=bert`.
  func saveBert(_ model: TextModel, named name: String, to path: String, _ out: CommandOutput) throws {
    let count = try BertFolder.save(model, named: name, to: resolvePath(path))
    out.line(
      "saved \(name) to \(path) (Hugging Face BERT folder: config.json, model.safetensors with \(count) tensors, vocab.txt)"
    )
  }

  /// `model NAME = encoder SRC | …`: SRC's body (its layers before the first `pool`, or all but its
  /// last layer when it has none) with SRC's weights and vocabulary, then the layers written after it.
  func buildOnEncoder(_ name: String, _ layers: [LayerSyntax], _ modelOptions: [OptionSyntax], _ out: CommandOutput)
    throws
  {
    guard let first = layers.first, first.options.count == 1, first.options[0].key.isEmpty else {
      throw ReplError(
        "usage: model NAME = encoder MODEL | LAYER opts …, e.g. model clf = encoder bert | pool cls | dense out=2")
    }
    if let given = modelOptions.first(where: { $0.key != "seed" }) {
      throw ReplError("option '\(given.key)=' does not apply: 'encoder' brings the model's own vocabulary")
    }
    let sourceName = first.options[0].value
    let source = try model(sourceName)
    let sourceLayers = source.network.layers
    let end = sourceLayers.firstIndex { $0.layer.typeName == "pool" } ?? max(sourceLayers.count - 1, 1)
    let body = Array(source.network.spec.layers.prefix(end))
    let rest = layers.dropFirst().map { LayerSpec(type: $0.type, options: $0.options.map { .init($0.key, $0.value) }) }
    let seed = UInt64(modelOptions.first { $0.key == "seed" }.flatMap { Int($0.value) } ?? 1)
    let network: Network
    do {
      let spec = try ModelBuilder.resolve(
        ModelSpec(layers: body + rest), registry: registry, vocabularySize: source.network.inputShape.width)
      network = try Network(spec: spec, registry: registry, input: source.network.inputShape, seed: seed)
    } catch {
      throw ReplError(error.message)
    }
    let weights = Dictionary(source.network.parameters, uniquingKeysWith: { a, _ in a })
    let bodyNames = Set(network.layers.prefix(end).map(\.name))
    for (key, p) in network.parameters where bodyNames.contains(String(key.prefix { $0 != "." })) {
      if let w = weights[key] { p.value = w.value }
    }
    let built = TextModel(network: network, vocabulary: source.vocabulary, seed: seed)
    built.transferredFrom = sourceName
    built.encoderSource = sourceName
    define(name, .model(built))
    out.line(
      "\(name): \(network.layers.count) layers (\(end) from \(sourceName)'s encoder), \(grouped(network.parameterCount)) parameters, output \(network.outputShape)"
    )
  }
}
