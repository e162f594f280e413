import LayerKit
import Schema
import TensorCore
import TextData
import Training

/// Small stand-in layers with real forward/backward passes, so the transfer machinery is tested
/// independently of the built-in plugins: `embedding dim=` (mean of token rows) and `dense out=`.
final class ToyEmbedding: Layer {
  let typeName = "embedding"
  let inputShape: FeatureShape
  let outputShape: FeatureShape
  let weight: Parameter
  private var lastInput: Activation?

  init(vocabulary: Int, dim: Int, rng: inout RNG) {
    inputShape = .tokens(vocabulary: vocabulary)
    outputShape = .vector(dim)
    var w = Tensor(shape: [vocabulary, dim])
    for i in dim..<w.count { w.data[i] = rng.normal() * 0.5 }
    weight = Parameter(w)
  }

  var parameters: [(String, Parameter)] { [("weight", weight)] }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    lastInput = input
    let d = outputShape.width
    var out = Tensor(shape: [input.batch, d])
    for b in 0..<input.batch {
      let n = input.lengths[b]
      for t in 0..<n {
        let id = Int(input.tokens[b * input.time + t])
        for j in 0..<d { out.data[b * d + j] += weight.value.data[id * d + j] / Float(n) }
      }
    }
    return Activation(values: out, lengths: input.lengths)
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let input = lastInput else { return Tensor(shape: [0]) }
    let d = outputShape.width
    for b in 0..<input.batch {
      let n = input.lengths[b]
      for t in 0..<n {
        let id = Int(input.tokens[b * input.time + t])
        for j in 0..<d { weight.grad.data[id * d + j] += gradOutput.data[b * d + j] / Float(n) }
      }
    }
    return Tensor(shape: [0])
  }
}

final class ToyDense: Layer {
  let typeName = "dense"
  let inputShape: FeatureShape
  let outputShape: FeatureShape
  let weight: Parameter
  let bias: Parameter
  private var lastInput = Tensor(shape: [0])

  init(input: Int, out: Int, rng: inout RNG) {
    inputShape = .vector(input)
    outputShape = .vector(out)
    var w = Tensor(shape: [out, input])
    for i in 0..<w.count { w.data[i] = rng.normal() * 0.5 }
    weight = Parameter(w)
    var b = Tensor(shape: [out])
    for i in 0..<out { b.data[i] = rng.normal() * 0.1 }
    bias = Parameter(b)
  }

  var parameters: [(String, Parameter)] { [("weight", weight), ("bias", bias)] }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    lastInput = input.values
    let n = inputShape.width
    let m = outputShape.width
    var out = Tensor(shape: [input.batch, m])
    for b in 0..<input.batch {
      for o in 0..<m {
        var s = bias.value.data[o]
        for i in 0..<n { s += weight.value.data[o * n + i] * input.values.data[b * n + i] }
        out.data[b * m + o] = s
      }
    }
    return Activation(values: out, lengths: input.lengths)
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    let n = inputShape.width
    let m = outputShape.width
    let batch = gradOutput.shape[0]
    var gin = Tensor(shape: [batch, n])
    for b in 0..<batch {
      for o in 0..<m {
        let g = gradOutput.data[b * m + o]
        bias.grad.data[o] += g
        for i in 0..<n {
          weight.grad.data[o * n + i] += g * lastInput.data[b * n + i]
          gin.data[b * n + i] += g * weight.value.data[o * n + i]
        }
      }
    }
    return gin
  }
}

/// The toy registry; `plugin` adds a `fancy` type with a plugin origin.
func toyRegistry(withPlugin: Bool = false) -> LayerRegistry {
  var types = [
    LayerType(name: "embedding", summary: "toy", options: [OptionSpec("dim", .int(min: 1), default: "4", help: "")]) {
      options, shape, rng in ToyEmbedding(vocabulary: shape.width, dim: options.int("dim") ?? 4, rng: &rng)
    },
    LayerType(name: "dense", summary: "toy", options: [OptionSpec("out", .int(min: 1), default: "2", help: "")]) {
      options, shape, rng in ToyDense(input: shape.width, out: options.int("out") ?? 2, rng: &rng)
    },
  ]
  if withPlugin {
    types.append(
      LayerType(name: "fancy", summary: "toy", options: [], origin: "/opt/plugins/libfancy.so") { _, shape, rng in
        ToyDense(input: shape.width, out: shape.width, rng: &rng)
      })
  }
  return LayerRegistry(types)
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
