import LayerKit
import ReplTestSupport
import Schema
import TensorCore
import TextData
import Training

/// Passes its input through, or throws once `failing` is set (a step that fails mid-epoch).
final class TestFailing: Layer {
  struct Failure: Error {}
  let typeName = "tfail"
  let inputShape: FeatureShape
  var outputShape: FeatureShape { inputShape }
  var failing = false

  init(shape: FeatureShape) { inputShape = shape }

  var parameters: [(String, Parameter)] { [] }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    if failing { throw Failure() }
    return input
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor { gradOutput }
}

/// Builders for the tests: a registry of the toy layers (ReplTestSupport) and `tfail`, models, and
/// tiny datasets.
enum Fixture {
  static let registry = LayerRegistry([
    LayerType(
      name: "temb", summary: "test embedding", options: [OptionSpec("dim", .int(min: 1), default: "8", help: "")]
    ) {
      options, shape, rng in
      ToyEmbedding(
        typeName: "temb", vocabulary: shape.width, dim: options.int("dim") ?? 8, pooled: false, initial: .uniform,
        rng: &rng)
    },
    LayerType(name: "tpool", summary: "test mean pool", options: []) { _, shape, _ in ToyMeanPool(width: shape.width)
    },
    LayerType(name: "tfail", summary: "test failure", options: []) { _, shape, _ in TestFailing(shape: shape) },
    LayerType(name: "tdense", summary: "test dense", options: [OptionSpec("out", .int(min: 1), default: "2", help: "")])
    {
      options, shape, rng in
      ToyDense(
        typeName: "tdense", input: shape, out: options.int("out") ?? 2, weights: .uniform, bias: .zero, rng: &rng)
    },
  ])

  static let words = ["good", "great", "fine", "nice", "bad", "awful", "poor", "dull", "the", "film", "was", "plot"]
  static let vocabulary = Vocabulary(words: words, settings: TokenizerSettings())

  /// `temb dim=8 | tpool | tdense out=8 | tdense out=OUT`: three parameter groups.
  static func classifier(outputs: Int = 2, seed: UInt64 = 3) throws -> TextModel {
    let spec = ModelSpec(layers: [
      LayerSpec(type: "temb", options: [.init("dim", "8")]), LayerSpec(type: "tpool"),
      LayerSpec(type: "tdense", options: [.init("out", "8")]),
      LayerSpec(type: "tdense", options: [.init("out", "\(outputs)")]),
    ])
    let network = try Network(spec: spec, registry: registry, input: .tokens(vocabulary: vocabulary.count), seed: seed)
    return TextModel(network: network, vocabulary: vocabulary, seed: seed)
  }

  /// `temb dim=8 | tdense out=vocab`: a next-token model.
  static func languageModel(seed: UInt64 = 3) throws -> TextModel {
    let spec = ModelSpec(layers: [
      LayerSpec(type: "temb", options: [.init("dim", "8")]),
      LayerSpec(type: "tdense", options: [.init("out", "\(vocabulary.count)")]),
    ])
    let network = try Network(spec: spec, registry: registry, input: .tokens(vocabulary: vocabulary.count), seed: seed)
    return TextModel(network: network, vocabulary: vocabulary, seed: seed)
  }

  /// Sentences of 3–6 words: positive words make `pos`, negative words `neg` (or the reverse).
  static func sentiment(_ n: Int, seed: UInt64, flipped: Bool = false) -> Dataset {
    var rng = RNG(seed: seed)
    let examples = (0..<n).map { i -> Example in
      let positive = i % 2 == 0
      let pool = positive ? Array(words[0..<4]) : Array(words[4..<8])
      let filler = Array(words[8...])
      let text = (0..<(3 + rng.below(4))).map { _ in rng.below(2) == 0 ? pool[rng.below(4)] : filler[rng.below(4)] }
      return Example(text: text.joined(separator: " "), label: positive != flipped ? 1 : 0)
    }
    return Dataset(examples: examples, labelNames: ["neg", "pos"], source: "test")
  }

  /// Every parameter value, for bit-exact comparisons.
  static func weights(_ model: TextModel) -> [[Float]] { model.network.parameters.map(\.1.value.data) }
}
