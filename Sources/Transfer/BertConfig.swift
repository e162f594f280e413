import Foundation
import LayerKit

/// The fields of a Hugging Face BERT `config.json` the encoder needs, and the model spec they give:
/// `bert_embeddings … | bert … × layers | pool cls | dense out=hidden activation=tanh` (the last two
/// are BERT's pooler, so the model's output is `BertModel`'s `pooler_output`).
public struct BertConfig: Sendable, Equatable {
  public var vocabularySize: Int
  public var hiddenSize: Int
  public var layers: Int
  public var heads: Int
  public var intermediateSize: Int
  /// `gelu`, `gelu_new` or `relu`.
  public var activation: String
  public var maxPositions: Int
  public var typeVocabularySize: Int
  public var layerNormEps: Float
  public var dropout: Float

  /// The architectures `model_type` may name.
  public static let supported = ["bert"]
  /// The activations `hidden_act` may name.
  public static let activations = ["gelu", "gelu_new", "relu"]

  /// Parses `config.json`'s bytes; `path` names the file in errors.
  public init(json: Data, path: String) throws(TransferError) {
    guard let object = try? JSONSerialization.jsonObject(with: json), let dict = object as? [String: Any] else {
      throw TransferError("\(path): not a JSON object")
    }
    let type = dict["model_type"] as? String ?? "(none)"
    guard Self.supported.contains(type) else {
      let architecture = (dict["architectures"] as? [String])?.first.map { " (\($0))" } ?? ""
      throw TransferError(
        "\(path): model_type '\(type)'\(architecture) is not supported; we load BERT checkpoints (model_type 'bert')")
    }
    if let position = dict["position_embedding_type"] as? String, position != "absolute" {
      throw TransferError("\(path): position_embedding_type '\(position)' is not supported; only 'absolute' is")
    }
    func int(_ key: String) throws(TransferError) -> Int {
      guard let n = dict[key] as? Int, n > 0 else {
        throw TransferError("\(path): '\(key)' must be a positive integer")
      }
      return n
    }
    vocabularySize = try int("vocab_size")
    hiddenSize = try int("hidden_size")
    layers = try int("num_hidden_layers")
    heads = try int("num_attention_heads")
    intermediateSize = try int("intermediate_size")
    maxPositions = try int("max_position_embeddings")
    typeVocabularySize = try int("type_vocab_size")
    activation = dict["hidden_act"] as? String ?? "gelu"
    if activation == "gelu_pytorch_tanh" { activation = "gelu_new" }
    guard Self.activations.contains(activation) else {
      throw TransferError(
        "\(path): hidden_act '\(activation)' is not supported; use one of \(Self.activations.joined(separator: ", "))")
    }
    guard hiddenSize % heads == 0 else {
      throw TransferError("\(path): hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(heads)")
    }
    layerNormEps = Float((dict["layer_norm_eps"] as? Double) ?? 1e-12)
    dropout = Float((dict["hidden_dropout_prob"] as? Double) ?? 0.1)
  }

  /// The model spec of the encoder with its pooler.
  public var spec: ModelSpec {
    let eps = "\(layerNormEps)"
    let p = "\(dropout)"
    let embeddings = LayerSpec(
      type: "bert_embeddings",
      options: [
        .init("dim", "\(hiddenSize)"), .init("maxlen", "\(maxPositions)"), .init("types", "\(typeVocabularySize)"),
        .init("eps", eps), .init("dropout", p),
      ])
    let block = LayerSpec(
      type: "bert",
      options: [
        .init("heads", "\(heads)"), .init("ff", "\(intermediateSize)"), .init("activation", activation),
        .init("eps", eps), .init("dropout", p),
      ])
    let pooler = [
      LayerSpec(type: "pool", options: [.init("mode", "cls")]),
      LayerSpec(type: "dense", options: [.init("out", "\(hiddenSize)"), .init("activation", "tanh")]),
    ]
    return ModelSpec(layers: [embeddings] + Array(repeating: block, count: layers) + pooler)
  }
}
