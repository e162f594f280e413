import FoundationEssentials
import LayerKit
import TextData
import Training

/// `export MODEL to DIR`: a self-contained folder PyTorch runs without repl — `model.py` (the
/// network as an `nn.Module` with our parameter names), `model.safetensors` (our checkpoint, which
/// is also its state dict), `vocab.json` and `tokenizer.json` with `tokenizer.py`, `labels.json`,
/// `predict.py`, `train_ddp.py` (DistributedDataParallel under torchrun) and, with a dataset,
/// `train.tsv`.
public enum PyTorchExport {
  /// What to export.
  public struct Request {
    public var model: TextModel
    public var name: String
    public var registry: LayerRegistry
    /// Written as `train.tsv` for `train_ddp.py`, when given.
    public var data: Dataset?
    /// The truncation length of `predict` (the `maxlen=` the model was trained with).
    public var maxlen: Int

    /// A request.
    public init(model: TextModel, name: String, registry: LayerRegistry, data: Dataset?, maxlen: Int) {
      self.model = model
      self.name = name
      self.registry = registry
      self.data = data
      self.maxlen = maxlen
    }
  }

  /// The folder's files by name; refuses a run-time plugin layer or a model without a vocabulary.
  public static func files(_ request: Request) throws(TransferError) -> [(String, [UInt8])] {
    let model = request.model
    let network = model.network
    for (named, spec) in zip(network.layers, network.spec.layers) {
      let origin = request.registry[spec.type]?.origin ?? "a plugin that is not loaded"
      if origin != "built-in" {
        throw TransferError(
          "'\(request.name)' has the run-time plugin layer '\(named.name)' (\(origin)); export writes PyTorch code for the built-in layers only"
        )
      }
    }
    if let named = zip(network.layers, network.spec.layers).first(where: { layer, spec in
      ["bert", "bert_embeddings"].contains(layer.layer.typeName) || spec.options.contains { $0.value == "cls" }
    })?.0 {
      throw TransferError(
        "'\(request.name)' has the layer '\(named.name)' (\(named.layer.typeName)), which export does not write yet; save a BERT encoder with save \(request.name) to DIR format=bert"
      )
    }
    if network.outputShape.isSequence {
      throw TransferError(
        "'\(request.name)' is a language model (one output per token); export writes classifiers, whose predict.py and train_ddp.py work on classes"
      )
    }
    guard let vocabulary = model.vocabulary else {
      throw TransferError(
        "'\(request.name)' has no vocabulary (built with vocab_size=), so predict.py could not turn text into ids; build it with vocab=V"
      )
    }
    var labels = model.labelNames
    if labels.isEmpty, let data = request.data { labels = data.labelNames }
    let tokenizer = TokenizerFile(
      lowercase: vocabulary.settings.lowercase, stopwords: vocabulary.settings.stopwords,
      stopword_list: vocabulary.settings.stopwords == "english" ? StopWords.english : [], maxlen: request.maxlen)
    var files: [(String, [UInt8])] = [
      ("model.py", Array(try ModelSource.source(network, modelName: request.name).utf8)),
      ("model.safetensors", Checkpoint.encode(model, registry: request.registry)),
      ("vocab.json", json(vocabulary.tokens)),
      ("tokenizer.json", json(tokenizer)),
      ("labels.json", json(labels)),
      ("tokenizer.py", Array(TokenizerTemplate.source.utf8)),
      ("predict.py", Array(PredictTemplate.source.utf8)),
      ("train_ddp.py", Array(TrainTemplate.source.utf8)),
    ]
    if let data = request.data { files.append(("train.tsv", Array(data.tsv().utf8))) }
    return files
  }

  private static func json(_ value: some Encodable) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array((try? encoder.encode(value)) ?? Data("null".utf8)) + [10]
  }

  /// `tokenizer.json`: the settings tokenizer.py needs.
  private struct TokenizerFile: Encodable {
    var lowercase: Bool
    var stopwords: String
    // swift-format-ignore: AlwaysUseLowerCamelCase
    // (the key tokenizer.py reads)
    var stopword_list: [String]
    var maxlen: Int
  }
}
