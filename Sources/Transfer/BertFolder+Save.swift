import Foundation
import LayerKit
import TextData
import Training

extension BertFolder {
  /// Writes the BERT encoder of `model` (its `bert_embeddings`, `bert` blocks and, when present, the
  /// pooler) to the folder `path` in the Hugging Face layout `BertModel.from_pretrained` reads:
  /// `config.json`, `model.safetensors`, `vocab.txt`, `tokenizer_config.json`. A classifier head
  /// after the encoder is not part of it. Everything is checked before the first file is written.
  /// Returns the number of tensors written.
  @discardableResult
  public static func save(_ model: TextModel, named name: String, to path: String) throws(TransferError) -> Int {
    let network = model.network
    guard network.layers.first?.layer.typeName == "bert_embeddings" else {
      let first = network.layers.first?.layer.typeName ?? "nothing"
      throw TransferError(
        "format=bert writes a BERT encoder (bert_embeddings | bert …); '\(name)' starts with '\(first)'")
    }
    guard let wordPiece = model.vocabulary?.wordPiece else {
      throw TransferError(
        "format=bert needs a WordPiece vocabulary (vocab.txt); '\(name)' has none: load it with load NAME from FOLDER")
    }
    let tensors = names(network)
    let config = try configJSON(network, vocabulary: wordPiece.tokens.count)
    let file = SafetensorsFile(
      tensors: tensors.map { SafetensorsFile.Entry(name: $0.0, shape: $0.1.value.shape, values: $0.1.value.data) },
      metadata: ["format": "pt"])
    try createFolder(path)
    try FileBytes.writeAtomically(config, to: path + "/config.json")
    try FileBytes.writeAtomically(file.encoded(), to: path + "/model.safetensors")
    try FileBytes.writeAtomically(Array(wordPiece.tokens.map { $0 + "\n" }.joined().utf8), to: path + "/vocab.txt")
    let tokenizer = "{\"do_lower_case\": \(wordPiece.basic.lowercase), \"tokenizer_class\": \"BertTokenizer\"}\n"
    try FileBytes.writeAtomically(Array(tokenizer.utf8), to: path + "/tokenizer_config.json")
    return tensors.count
  }

  /// `config.json` for the encoder: sizes from the parameter shapes, heads, activation, eps and
  /// dropout from the first block's spec.
  static func configJSON(_ network: Network, vocabulary: Int) throws(TransferError) -> [UInt8] {
    let params = Dictionary(names(network).map { ($0.0, $0.1.value.shape) }, uniquingKeysWith: { a, _ in a })
    guard let words = params["embeddings.word_embeddings.weight"],
      let positions = params["embeddings.position_embeddings.weight"],
      let types = params["embeddings.token_type_embeddings.weight"],
      let ff = params["encoder.layer.0.intermediate.dense.weight"],
      let block = network.spec.layers.first(where: { $0.type == "bert" })
    else {
      throw TransferError("format=bert needs at least one 'bert' block after 'bert_embeddings'")
    }
    let option = { (key: String, fallback: String) in block.options.first { $0.key == key }?.value ?? fallback }
    let config: [String: Any] = [
      "architectures": ["BertModel"], "model_type": "bert", "vocab_size": words[0], "hidden_size": words[1],
      "num_hidden_layers": network.layers.filter { $0.layer.typeName == "bert" }.count,
      "num_attention_heads": Int(option("heads", "12")) ?? 12, "intermediate_size": ff[0],
      "hidden_act": option("activation", "gelu"), "max_position_embeddings": positions[0],
      "type_vocab_size": types[0], "layer_norm_eps": Double(option("eps", "1e-12")) ?? 1e-12,
      "hidden_dropout_prob": Double(option("dropout", "0.1")) ?? 0.1,
      "attention_probs_dropout_prob": Double(option("dropout", "0.1")) ?? 0.1, "pad_token_id": 0,
      "initializer_range": 0.02, "position_embedding_type": "absolute",
    ]
    guard vocabulary <= words[0],
      let data = try? JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
    else {
      throw TransferError(
        "format=bert: the vocabulary (\(vocabulary) tokens) does not fit the embeddings (\(words[0]) rows)")
    }
    return Array(data) + [10]
  }

  /// Creates the folder (and its parents) unless it exists; a file in the way is an error.
  private static func createFolder(_ path: String) throws(TransferError) {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      if !isFolder.boolValue { throw TransferError("'\(path)' is a file; format=bert writes a folder") }
      return
    }
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      throw TransferError("cannot create the folder '\(path)': \(error.localizedDescription)")
    }
  }
}
