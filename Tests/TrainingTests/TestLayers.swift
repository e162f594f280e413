import LayerKit
import Schema
import TensorCore
import TextData
import Training

/// Tiny layers for training tests, independent of the real plugins: an embedding lookup, a mean
/// pool over real positions and a dense layer that works on vectors and sequences.
final class TestEmbedding: Layer {
  let typeName = "temb"
  let inputShape: FeatureShape
  let outputShape: FeatureShape
  let weight: Parameter
  private var input: Activation?

  init(vocabulary: Int, dim: Int, rng: inout RNG) {
    inputShape = .tokens(vocabulary: vocabulary)
    outputShape = .sequence(dim)
    weight = Parameter(
      Tensor(shape: [vocabulary, dim], data: (0..<(vocabulary * dim)).map { _ in rng.uniform(-0.5, 0.5) }))
  }

  var parameters: [(String, Parameter)] { [("weight", weight)] }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    self.input = input
    let d = outputShape.width
    var out = Tensor(shape: [input.batch, input.time, d])
    for b in 0..<input.batch {
      for t in 0..<input.lengths[b] {
        let id = Int(input.tokens[b * input.time + t])
        for j in 0..<d { out.data[(b * input.time + t) * d + j] = weight.value.data[id * d + j] }
      }
    }
    return Activation(values: out, lengths: input.lengths)
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let input else { return Tensor(shape: [0]) }
    let d = outputShape.width
    for b in 0..<input.batch {
      for t in 0..<input.lengths[b] {
        let id = Int(input.tokens[b * input.time + t])
        for j in 0..<d { weight.grad.data[id * d + j] += gradOutput.data[(b * input.time + t) * d + j] }
      }
    }
    return Tensor(shape: [0])
  }
}

final class TestMeanPool: Layer {
  let typeName = "tpool"
  let inputShape: FeatureShape
  let outputShape: FeatureShape
  private var lengths: [Int] = []
  private var time = 0

  init(width: Int) {
    inputShape = .sequence(width)
    outputShape = .vector(width)
  }

  var parameters: [(String, Parameter)] { [] }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    lengths = input.lengths
    time = input.time
    let d = outputShape.width
    var out = Tensor(shape: [input.batch, d])
    for b in 0..<input.batch {
      for t in 0..<lengths[b] {
        for j in 0..<d { out.data[b * d + j] += input.values.data[(b * time + t) * d + j] / Float(lengths[b]) }
      }
    }
    return Activation(values: out, lengths: Array(repeating: 1, count: input.batch))
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    let d = outputShape.width
    var g = Tensor(shape: [lengths.count, time, d])
    for b in 0..<lengths.count {
      for t in 0..<lengths[b] {
        for j in 0..<d { g.data[(b * time + t) * d + j] = gradOutput.data[b * d + j] / Float(lengths[b]) }
      }
    }
    return g
  }
}

final class TestDense: Layer {
  let typeName = "tdense"
  let inputShape: FeatureShape
  let outputShape: FeatureShape
  let weight: Parameter
  let bias: Parameter
  private var input: Activation?

  init(input: FeatureShape, out: Int, rng: inout RNG) {
    inputShape = input
    if case .sequence = input { outputShape = .sequence(out) } else { outputShape = .vector(out) }
    let n = input.width
    weight = Parameter(Tensor(shape: [out, n], data: (0..<(out * n)).map { _ in rng.uniform(-0.5, 0.5) }))
    bias = Parameter(Tensor(shape: [out]))
  }

  var parameters: [(String, Parameter)] { [("weight", weight), ("bias", bias)] }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    self.input = input
    let out = outputShape.width
    let rows = input.values.count / inputShape.width
    var y = Tensor(shape: [rows, out])
    BLAS.matmul(input.values.reshaped([rows, inputShape.width]), weight.value, transB: true, into: &y)
    for r in 0..<rows { for j in 0..<out { y.data[r * out + j] += bias.value.data[j] } }
    let shape = input.values.shape.count == 3 ? [input.batch, input.time, out] : [rows, out]
    return Activation(values: y.reshaped(shape), lengths: input.lengths)
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let input else { return Tensor(shape: [0]) }
    let out = outputShape.width
    let n = inputShape.width
    let rows = input.values.count / n
    let g = gradOutput.reshaped([rows, out])
    BLAS.matmul(g, input.values.reshaped([rows, n]), transA: true, accumulate: true, into: &weight.grad)
    for r in 0..<rows { for j in 0..<out { bias.grad.data[j] += g.data[r * out + j] } }
    var gx = Tensor(shape: [rows, n])
    BLAS.matmul(g, weight.value, into: &gx)
    return gx.reshaped(input.values.shape)
  }
}

/// Builders for the tests: a registry of the layers above, models, and tiny datasets.
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

enum Fixture {
  static let registry = LayerRegistry([
    LayerType(
      name: "temb", summary: "test embedding", options: [OptionSpec("dim", .int(min: 1), default: "8", help: "")]
    ) {
      options, shape, rng in
      TestEmbedding(vocabulary: shape.width, dim: options.int("dim") ?? 8, rng: &rng)
    },
    LayerType(name: "tpool", summary: "test mean pool", options: []) { _, shape, _ in TestMeanPool(width: shape.width)
    },
    LayerType(name: "tfail", summary: "test failure", options: []) { _, shape, _ in TestFailing(shape: shape) },
    LayerType(name: "tdense", summary: "test dense", options: [OptionSpec("out", .int(min: 1), default: "2", help: "")])
    {
      options, shape, rng in
      TestDense(input: shape, out: options.int("out") ?? 2, rng: &rng)
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
