import Foundation
import LayerKit
import TextData
import Training

/// A Hugging Face BERT folder (`config.json`, `model.safetensors`, `vocab.txt`, optionally
/// `tokenizer_config.json`) read into a model and written back.
///
/// The model is `bert_embeddings | bert × N | pool cls | dense activation=tanh` (the last two only when
/// the file has the pooler) with a WordPiece vocabulary; its parameters carry the Hugging Face names
/// after a layer prefix (`bert2.attention.self.query.weight` is `encoder.layer.1.attention.self.query.weight`),
/// so the mapping renames prefixes only. Pickle files (`pytorch_model.bin`) are refused: reading them
/// would execute code.
public enum BertFolder {
  /// Files larger than this are refused before reading.
  public static let maxFileBytes = 4 * 1024 * 1024 * 1024

  /// Reads the folder at `path` (`display` names it in errors) into a new model; nothing is created
  /// when any check fails.
  public static func load(from path: String, display: String, registry: LayerRegistry) throws(TransferError)
    -> TextModel
  {
    let config = try BertConfig(json: Data(readFile(path, "config.json", display)), path: "\(display)/config.json")
    let weights = try readWeights(path, display)
    let wordPiece = try readVocabulary(path, display, config: config)
    let tensors = try namedTensors(weights, config: config, display: display)
    var spec = config.spec
    if tensors["pooler.dense.weight"] == nil { spec.layers.removeLast(2) }
    let network: Network
    do {
      network = try Network(spec: spec, registry: registry, input: .tokens(vocabulary: config.vocabularySize), seed: 1)
    } catch {
      throw TransferError("\(display)/config.json: the encoder does not build: \(error.message)")
    }
    let mapping = names(network)
    for (name, parameter) in mapping {
      guard let tensor = tensors[name] else {
        throw TransferError(
          "\(display)/model.safetensors: no tensor '\(name)', which config.json needs (num_hidden_layers=\(config.layers))"
        )
      }
      guard tensor.shape == parameter.value.shape else {
        throw TransferError(
          "\(display)/model.safetensors: tensor '\(name)' has shape \(shapeText(tensor.shape)), config.json gives \(shapeText(parameter.value.shape))"
        )
      }
    }
    for (name, parameter) in mapping { parameter.value.data = tensors[name]?.values ?? parameter.value.data }
    return TextModel(network: network, vocabulary: Vocabulary(wordPiece: wordPiece), seed: 1)
  }

  /// Every parameter of a BERT network under its Hugging Face name, in file order: `embeddings.…`,
  /// `encoder.layer.N.…`, then `pooler.dense.…` for a square `dense activation=tanh` right after `pool`
  /// (BERT's pooler).
  /// Other layers (a classifier head) are not part of the encoder and are left out.
  public static func names(_ network: Network) -> [(String, Parameter)] {
    var out: [(String, Parameter)] = []
    var block = 0
    var afterPool = false
    for (index, named) in network.layers.enumerated() {
      let prefix: String?
      let tanh = network.spec.layers[index].options.contains { $0.key == "activation" && $0.value == "tanh" }
      switch named.layer.typeName {
      case "bert_embeddings": prefix = "embeddings."
      case "bert":
        prefix = "encoder.layer.\(block)."
        block += 1
      case "dense" where afterPool && tanh && named.layer.outputShape.width == named.layer.inputShape.width:
        prefix = "pooler.dense."
      default: prefix = nil
      }
      afterPool = named.layer.typeName == "pool"
      if let prefix { out += named.layer.parameters.map { (prefix + $0.0, $0.1) } }
    }
    return out
  }

  /// The bytes of `folder/file`, or an error naming the missing file.
  static func readFile(_ folder: String, _ file: String, _ display: String) throws(TransferError) -> [UInt8] {
    let path = folder + "/" + file
    guard FileManager.default.fileExists(atPath: path) else {
      throw TransferError(
        "\(display): no \(file); a BERT folder holds config.json, model.safetensors and vocab.txt (as save_pretrained writes them)"
      )
    }
    return try FileBytes.read(path, limit: maxFileBytes)
  }

  /// `model.safetensors`, refusing a folder that only has a pickle.
  private static func readWeights(_ folder: String, _ display: String) throws(TransferError) -> SafetensorsFile {
    let manager = FileManager.default
    if !manager.fileExists(atPath: folder + "/model.safetensors")
      && manager.fileExists(atPath: folder + "/pytorch_model.bin")
    {
      throw TransferError(
        "\(display): only pytorch_model.bin (a pickle, which we never execute); convert it with python -c \"from transformers import BertModel; BertModel.from_pretrained('\(display)').save_pretrained('\(display)', safe_serialization=True)\""
      )
    }
    let bytes = try readFile(folder, "model.safetensors", display)
    do {
      return try SafetensorsFile.decode(bytes, dtypes: SafetensorsFile.readableDTypes + ["I64"])
    } catch {
      throw TransferError("\(display)/model.safetensors: \(error.message)")
    }
  }

  /// The WordPiece tokenizer of `vocab.txt`, cased or not as `tokenizer_config.json` says (uncased by default).
  private static func readVocabulary(_ folder: String, _ display: String, config: BertConfig) throws(TransferError)
    -> WordPieceTokenizer
  {
    let text = String(decoding: try readFile(folder, "vocab.txt", display), as: UTF8.self)
    let tokens = WordPieceTokenizer.lines(of: text)
    guard tokens.count <= config.vocabularySize else {
      throw TransferError(
        "\(display)/vocab.txt: \(tokens.count) tokens, more than config.json's vocab_size \(config.vocabularySize)")
    }
    var lowercase = true
    let settingsPath = folder + "/tokenizer_config.json"
    if let data = FileManager.default.contents(atPath: settingsPath),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let lower = object["do_lower_case"] as? Bool
    {
      lowercase = lower
    }
    do {
      return try WordPieceTokenizer(tokens: tokens, lowercase: lowercase, source: "\(display)/vocab.txt")
    } catch {
      throw TransferError(error.message)
    }
  }

  /// The file's tensors by name without a `bert.` prefix (task checkpoints such as
  /// `BertForSequenceClassification` have one); a block beyond `num_hidden_layers` is an error.
  private static func namedTensors(_ file: SafetensorsFile, config: BertConfig, display: String) throws(TransferError)
    -> [String: SafetensorsFile.Entry]
  {
    let prefixed = file.tensors.contains { $0.name.hasPrefix("bert.") }
    var out: [String: SafetensorsFile.Entry] = [:]
    for entry in file.tensors {
      let name = prefixed ? (entry.name.hasPrefix("bert.") ? String(entry.name.dropFirst(5)) : "") : entry.name
      if name.isEmpty { continue }
      let parts = name.split(separator: ".")
      if parts.count > 2, parts[0] == "encoder", parts[1] == "layer", let n = Int(parts[2]), n >= config.layers {
        throw TransferError(
          "\(display)/model.safetensors: tensor '\(entry.name)' is beyond config.json's num_hidden_layers=\(config.layers)"
        )
      }
      out[name] = entry
    }
    return out
  }
}
