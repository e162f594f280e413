import BuiltinLayers
import LayerKit
import TensorCore
import TensorKernels
import Testing

@testable import Training

/// Same commands and seeds give the same bits on any CPU: a few Adam steps of real layer stacks
/// (matrix products, recurrent cells, softmax cross-entropy, the adaptive softmax, Adam) end with
/// identical weights on every instruction set this machine has (AVX-512, AVX2, portable C).
@Suite(.serialized) struct InstructionSetTests {
  static let vocabulary = 20

  /// A padded batch of 4 sequences (lengths 5, 3, 5, 1) and their labels or next tokens.
  static func batch(language: Bool) -> (Activation, [Int32]) {
    var rng = RNG(seed: 11)
    let (b, t, lengths) = (4, 5, [5, 3, 5, 1])
    var tokens = [Int32](repeating: 0, count: b * t)
    for i in 0..<b {
      for s in 0..<lengths[i] { tokens[i * t + s] = Int32(1 + rng.below(vocabulary - 1)) }
    }
    let targets = language ? tokens.map { ($0 * 7 + 3) % Int32(vocabulary) } : [0, 1, 1, 0]
    return (Activation(tokens: tokens, batch: b, time: t, lengths: lengths), targets)
  }

  /// Three training steps of `layers`; every parameter's values afterwards.
  func train(_ layers: [LayerSpec], language: Bool) throws -> [[Float]] {
    let network = try Network(
      spec: ModelSpec(layers: layers), registry: LayerRegistry(BuiltinLayers.all),
      input: .tokens(vocabulary: Self.vocabulary), seed: 5)
    let optimizer = Optimizer(settings: OptimizerSettings(kind: .adam))
    let (input, targets) = Self.batch(language: language)
    for _ in 0..<3 {
      network.zeroGrad()
      let context = LayerContext(training: true, seed: 9)
      let batch = StepBatch(input: input, targets: targets, tokens: 0, indices: [])
      _ = try Trainer.trainingStep(network, batch, task: language ? .lm : .classify, context: context)
      let parameters = network.trainableParameters.map(\.1)
      optimizer.step(parameters, rates: Array(repeating: 0.01, count: parameters.count))
    }
    return network.parameters.map { $0.1.value.data }
  }

  @Test func theStepsChangeTheWeights() throws {
    let stack = Self.stacks[0]
    let network = try Network(
      spec: ModelSpec(layers: stack.layers), registry: LayerRegistry(BuiltinLayers.all),
      input: .tokens(vocabulary: Self.vocabulary), seed: 5)
    let initial = network.parameters.map { $0.1.value.data }
    let trained = try train(stack.layers, language: false)
    #expect(zip(initial, trained).allSatisfy { $0 != $1 })
  }

  static let stacks: [(name: String, layers: [LayerSpec], language: Bool)] = [
    (
      "bidirectional 2-layer lstm",
      [
        LayerSpec(type: "embedding", options: [.init("dim", "8")]),
        LayerSpec(type: "lstm", options: [.init("hidden", "16"), .init("layers", "2"), .init("bidirectional", "yes")]),
        LayerSpec(type: "pool", options: [.init("mode", "concat")]),
        LayerSpec(type: "dense", options: [.init("out", "2")]),
      ], false
    ),
    (
      "gru",
      [
        LayerSpec(type: "embedding", options: [.init("dim", "8")]),
        LayerSpec(type: "gru", options: [.init("hidden", "12")]),
        LayerSpec(type: "pool", options: [.init("mode", "mean")]),
        LayerSpec(type: "dense", options: [.init("out", "2")]),
      ], false
    ),
    (
      "lstm language model",
      [
        LayerSpec(type: "embedding", options: [.init("dim", "8")]),
        LayerSpec(type: "lstm", options: [.init("hidden", "16")]),
        LayerSpec(type: "dense", options: [.init("out", "\(vocabulary)")]),
      ], true
    ),
    (
      "adaptive softmax language model",
      [
        LayerSpec(type: "embedding", options: [.init("dim", "8")]),
        LayerSpec(type: "lstm", options: [.init("hidden", "16")]),
        LayerSpec(
          type: "adaptive",
          options: [.init("cutoffs", "5,12"), .init("div_value", "2"), .init("out", "\(vocabulary)")]),
      ], true
    ),
  ]

  @Test func trainingEndsWithTheSameBitsOnEveryInstructionSet() throws {
    let best = BLAS.instructionSet
    defer { _ = tk_use_isa(best) }
    let available = ["portable", "avx2", "avx512"].filter { (isa: String) in tk_use_isa(isa) == 1 }
    for stack in Self.stacks {
      var results: [String: [[Float]]] = [:]
      for isa in available {
        _ = tk_use_isa(isa)
        results[isa] = try train(stack.layers, language: stack.language)
      }
      let reference = try #require(results["portable"])
      for (isa, weights) in results {
        let differing = zip(weights, reference).filter { $0 != $1 }.count
        #expect(differing == 0, "\(stack.name): \(differing) parameters differ between \(isa) and portable")
      }
      let finite = reference.allSatisfy { $0.allSatisfy(\.isFinite) }
      #expect(finite)
    }
  }
}
