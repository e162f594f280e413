import BuiltinLayers
import Foundation
import LayerKit
import ReplTestSupport
import TensorCore
import Testing
import TextData
import Training
import Transfer

/// The reference outputs scripts/make-bert-fixtures.py wrote with `transformers` next to each folder.
struct BertReference: Decodable {
  struct Sentence: Decodable {
    var text: String
    var tokens: [String]
    var ids: [Int32]
    var hidden: [Float]
    var pooled: [Float]
  }
  // swift-format-ignore: AlwaysUseLowerCamelCase
  // (the fixture's JSON key)
  var hidden_size: Int
  var sentences: [Sentence]

  /// The fixture folder `name` (Tests/TransferTests/Fixtures/bert/NAME).
  static func folder(_ name: String) -> String {
    TestPaths.inPackage("Tests/TransferTests/Fixtures/bert/\(name)")
  }

  /// The reference of fixture `name`.
  static func load(_ name: String) throws -> BertReference {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder(name) + "/reference.json"))
    return try JSONDecoder().decode(BertReference.self, from: data)
  }

  /// All sentences' ids as one right-padded batch.
  var batch: Activation {
    let time = sentences.map(\.ids.count).max() ?? 1
    var tokens = [Int32](repeating: 0, count: sentences.count * time)
    for (b, s) in sentences.enumerated() { for (t, id) in s.ids.enumerated() { tokens[b * time + t] = id } }
    return Activation(tokens: tokens, batch: sentences.count, time: time, lengths: sentences.map(\.ids.count))
  }
}

/// The BERT encoder and WordPiece tokenizer against `transformers` (`BertTokenizer`, `BertModel`).
@Suite struct BertParityTests {
  static let fixtures = ["gelu", "cased"]
  static let registry = LayerRegistry(BuiltinLayers.all)

  static func model(_ name: String) throws -> TextModel {
    try BertFolder.load(from: BertReference.folder(name), display: name, registry: registry)
  }

  @Test(arguments: fixtures) func tokenIDsMatchBertTokenizer(_ name: String) throws {
    let reference = try BertReference.load(name)
    let vocabulary = try #require(try Self.model(name).vocabulary)
    for sentence in reference.sentences {
      #expect(vocabulary.encode(sentence.text) == sentence.ids, "\(name): \(sentence.text)")
      let pieces = try #require(vocabulary.wordPiece).tokenize(sentence.text)
      #expect(pieces == Array(sentence.tokens.dropFirst().dropLast()), "\(name): \(sentence.text)")
    }
  }

  @Test(arguments: fixtures) func hiddenStatesAndPooledOutputMatchBertModel(_ name: String) throws {
    let reference = try BertReference.load(name)
    let network = try Self.model(name).network
    let blocks = network.layers.lastIndex { $0.layer.typeName == "bert" } ?? 0
    let context = LayerContext(training: false)
    let batch = reference.batch
    let hidden = try network.forward(batch, context: context, upTo: blocks + 1)
    let pooled = try network.forward(batch, context: context)
    let d = reference.hidden_size
    var worst: (hidden: Float, pooled: Float) = (0, 0)
    for (b, sentence) in reference.sentences.enumerated() {
      for i in 0..<sentence.hidden.count {
        let (t, j) = (i / d, i % d)
        worst.hidden = max(worst.hidden, abs(hidden.values.data[(b * batch.time + t) * d + j] - sentence.hidden[i]))
      }
      for j in 0..<d { worst.pooled = max(worst.pooled, abs(pooled.values.data[b * d + j] - sentence.pooled[j])) }
    }
    #expect(worst.hidden < 1e-4, "\(name): hidden states differ by \(worst.hidden)")
    #expect(worst.pooled < 1e-4, "\(name): pooled outputs differ by \(worst.pooled)")
  }

  @Test func parametersCarryHuggingFaceNames() throws {
    let names = BertFolder.names(try Self.model("gelu").network).map(\.0)
    #expect(names.first == "embeddings.word_embeddings.weight")
    #expect(names.contains("encoder.layer.1.attention.self.query.weight"))
    #expect(names.contains("encoder.layer.0.output.LayerNorm.bias"))
    #expect(names.last == "pooler.dense.bias")
    #expect(names.count == 5 + 2 * 16 + 2)
  }
}
