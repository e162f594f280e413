import LayerKit
import TensorCore
import Testing

/// Finite-difference checks of the BERT layers with weights large enough that every gradient
/// matters (BERT's own N(0, 0.02²) initialisation makes most gradients tiny, which any mixed
/// absolute/relative check would pass).
@Suite struct BertGradientTests {
  /// The layer types these checks cover.
  static let checkedTypes = ["bert", "bert_embeddings"]
  static let lengths = [5, 2, 4]
  static let time = 5

  /// Every parameter redrawn from N(0, scale²), layer-norm weights around 1.
  static func scale(_ layer: any Layer, _ scale: Float = 0.4, seed: UInt64 = 21) {
    var rng = RNG(seed: seed)
    for (key, p) in layer.parameters {
      for i in 0..<p.count { p.value.data[i] = (key.hasSuffix("LayerNorm.weight") ? 1 : 0) + scale * rng.normal() }
    }
  }

  /// Checks `layer` on `input`, requiring nontrivial gradients and clean padding.
  static func check(_ layer: any Layer, _ input: Activation, training: Bool = false, label: String) throws {
    let result = try GradientCheck.check(layer, input: input, training: training, epsilon: 1e-2, maxElements: 120)
    for (key, error) in result.errors { #expect(error < 2e-3, "\(label): \(key) max error \(error)") }
    #expect(result.paddingOutputMax == 0, "\(label): nonzero output at padding")
    #expect(result.paddingInputGradientMax == 0, "\(label): nonzero input gradient at padding")
    let largest = layer.parameters.map { $0.1.grad.data.map(abs).max() ?? 0 }.max() ?? 0
    #expect(largest > 0.05, "\(label): gradients too small to test anything (\(largest))")
  }

  @Test(arguments: ["gelu", "gelu_new", "relu"])
  func bertBlockGradientsMatchFiniteDifferences(_ activation: String) throws {
    let layer = try LayerTestSupport.build(
      "bert", [("heads", "2"), ("ff", "12"), ("activation", activation), ("eps", "1e-5")], input: .sequence(8))
    Self.scale(layer)
    let input = GradientCheck.randomSequence(lengths: Self.lengths, time: Self.time, features: 8, margin: 0.05)
    try Self.check(layer, input, label: "bert activation=\(activation)")
  }

  @Test func bertBlockGradientsWithDropout() throws {
    let layer = try LayerTestSupport.build(
      "bert", [("heads", "2"), ("ff", "12"), ("dropout", "0.2")], input: .sequence(8))
    Self.scale(layer)
    let input = GradientCheck.randomSequence(lengths: Self.lengths, time: Self.time, features: 8)
    try Self.check(layer, input, training: true, label: "bert dropout=0.2")
  }

  @Test(arguments: [false, true])
  func embeddingGradientsMatchFiniteDifferences(_ training: Bool) throws {
    let layer = try LayerTestSupport.build(
      "bert_embeddings", [("dim", "6"), ("maxlen", "8"), ("eps", "1e-6"), ("dropout", "0.2")],
      input: .tokens(vocabulary: 7))
    Self.scale(layer)
    let input = GradientCheck.randomTokens(lengths: Self.lengths, time: Self.time, vocabulary: 7)
    try Self.check(layer, input, training: training, label: "bert_embeddings training=\(training)")
  }

  @Test func embeddingsRefuseSequencesLongerThanMaxPositions() throws {
    let layer = try LayerTestSupport.build(
      "bert_embeddings", [("dim", "4"), ("maxlen", "3")], input: .tokens(vocabulary: 7))
    let input = GradientCheck.randomTokens(lengths: [4], time: 4, vocabulary: 7)
    #expect(throws: LayerError.self) { try layer.forward(input, context: LayerContext(training: false)) }
  }
}
