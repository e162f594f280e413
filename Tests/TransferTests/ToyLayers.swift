import LayerKit
import ReplTestSupport
import Schema
import TensorCore
import TextData
import Training

/// The toy registry (ReplTestSupport's toy layers, so the transfer machinery is tested independently
/// of the built-in plugins): `embedding dim=` (mean of token rows) and `dense out=`; `plugin` adds a
/// `fancy` type with a plugin origin.
func toyRegistry(withPlugin: Bool = false) -> LayerRegistry {
  var types = [
    LayerType(name: "embedding", summary: "toy", options: [OptionSpec("dim", .int(min: 1), default: "4", help: "")]) {
      options, shape, rng in toyEmbedding(vocabulary: shape.width, dim: options.int("dim") ?? 4, rng: &rng)
    },
    LayerType(name: "dense", summary: "toy", options: [OptionSpec("out", .int(min: 1), default: "2", help: "")]) {
      options, shape, rng in toyDense(input: shape, out: options.int("out") ?? 2, rng: &rng)
    },
  ]
  if withPlugin {
    types.append(
      LayerType(name: "fancy", summary: "toy", options: [], origin: "/opt/plugins/libfancy.so") { _, shape, rng in
        toyDense(input: shape, out: shape.width, rng: &rng)
      })
  }
  return LayerRegistry(types)
}

/// The toy `embedding`: the mean of the token rows, drawn N(0, 0.5²) but for the zero first row.
func toyEmbedding(vocabulary: Int, dim: Int, rng: inout RNG) -> ToyEmbedding {
  ToyEmbedding(
    typeName: "embedding", vocabulary: vocabulary, dim: dim, pooled: true, initial: .normal(scale: 0.5, zeroFirst: dim),
    rng: &rng)
}

/// The toy `dense` on vectors: weights drawn N(0, 0.5²), then the bias N(0, 0.1²).
func toyDense(input: FeatureShape, out: Int, rng: inout RNG) -> ToyDense {
  ToyDense(
    typeName: "dense", input: input, out: out, weights: .normal(scale: 0.5), bias: .normal(scale: 0.1), rng: &rng)
}

/// A model `embedding dim=D | dense out=…` over a vocabulary of `words` (or `vocab_size=` when nil).
func toyModel(
  words: [String]?, dim: Int = 4, outs: [Int] = [2], seed: UInt64 = 1, registry: LayerRegistry = toyRegistry(),
  extra: [LayerSpec] = []
) throws -> TextModel {
  let vocabulary = words.map { Vocabulary(words: $0, settings: TokenizerSettings()) }
  let layers =
    [LayerSpec(type: "embedding", options: [.init("dim", "\(dim)")])]
    + outs.map { LayerSpec(type: "dense", options: [.init("out", "\($0)")]) } + extra
  let network = try Network(
    spec: ModelSpec(layers: layers), registry: registry, input: .tokens(vocabulary: vocabulary?.count ?? 10), seed: seed
  )
  return TextModel(network: network, vocabulary: vocabulary, seed: seed)
}

/// The logits of `model` for token-id sequences.
func logits(_ model: TextModel, _ sequences: [[Int32]]) throws -> [Float] {
  let time = sequences.map(\.count).max() ?? 1
  var tokens: [Int32] = []
  for s in sequences { tokens += s + [Int32](repeating: 0, count: time - s.count) }
  let input = Activation(tokens: tokens, batch: sequences.count, time: time, lengths: sequences.map(\.count))
  return try model.network.forward(input, context: LayerContext(training: false)).values.data
}

/// One SGD step on the loss ½‖logits‖², updating only trainable parameters.
func trainStep(_ model: TextModel, _ sequences: [[Int32]], lr: Float = 0.1) throws {
  let time = sequences.map(\.count).max() ?? 1
  var tokens: [Int32] = []
  for s in sequences { tokens += s + [Int32](repeating: 0, count: time - s.count) }
  let input = Activation(tokens: tokens, batch: sequences.count, time: time, lengths: sequences.map(\.count))
  let context = LayerContext(training: true)
  model.network.zeroGrad()
  let out = try model.network.forward(input, context: context)
  try model.network.backward(out.values, context: context)
  for (_, p) in model.network.trainableParameters {
    for i in 0..<p.count { p.value.data[i] -= lr * p.grad.data[i] }
  }
}

/// Every parameter value of a model, by key (a snapshot for unchanged-checks).
func snapshot(_ model: TextModel) -> [String: [Float]] {
  Dictionary(uniqueKeysWithValues: model.network.parameters.map { ($0.0, $0.1.value.data) })
}
