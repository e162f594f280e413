import LayerKit
import TensorCore

// Small stand-in layers with real forward and backward passes, so that training and transfer are
// tested independently of the built-in plugins. The training tests register them as `temb`,
// `tpool` and `tdense`; the transfer tests as `embedding` (mean of token rows) and `dense`.

/// How a toy layer's parameter starts, drawn from the model's RNG in row-major order.
public enum ToyInitial: Sendable {
  /// Every entry uniform in [-0.5, 0.5).
  case uniform
  /// Every entry `normal() × scale`, except the first `zeroFirst` entries, which stay 0 (no draw).
  case normal(scale: Float, zeroFirst: Int = 0)
  /// Every entry 0.
  case zero

  /// A tensor of `shape` filled as the case says.
  public func tensor(_ shape: [Int], _ rng: inout RNG) -> Tensor {
    var t = Tensor(shape: shape)
    switch self {
    case .uniform: for i in 0..<t.count { t.data[i] = rng.uniform(-0.5, 0.5) }
    case .normal(let scale, let zeroFirst): for i in zeroFirst..<t.count { t.data[i] = rng.normal() * scale }
    case .zero: break
    }
    return t
  }
}

/// An embedding lookup: each real position's token row (`.sequence(dim)`), or with `pooled` the
/// mean of those rows (`.vector(dim)`).
public final class ToyEmbedding: Layer {
  public let typeName: String
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  /// The `[vocabulary, dim]` table.
  public let weight: Parameter
  private let pool: ToyMeanPool?
  private var input: Activation?

  /// A `typeName` layer over `vocabulary` tokens with rows of `dim`, initialised as `initial` says.
  public init(typeName: String, vocabulary: Int, dim: Int, pooled: Bool, initial: ToyInitial, rng: inout RNG) {
    self.typeName = typeName
    inputShape = .tokens(vocabulary: vocabulary)
    pool = pooled ? ToyMeanPool(width: dim) : nil
    outputShape = pool?.outputShape ?? .sequence(dim)
    weight = Parameter(initial.tensor([vocabulary, dim], &rng))
  }

  public var parameters: [(String, Parameter)] { [("weight", weight)] }

  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    self.input = input
    let d = weight.value.shape[1]
    var out = Tensor(shape: [input.batch, input.time, d])
    for b in 0..<input.batch {
      for t in 0..<input.lengths[b] {
        let id = Int(input.tokens[b * input.time + t])
        for j in 0..<d { out.data[(b * input.time + t) * d + j] = weight.value.data[id * d + j] }
      }
    }
    let rows = Activation(values: out, lengths: input.lengths)
    return try pool?.forward(rows, context: context) ?? rows
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let input else { return Tensor(shape: [0]) }
    let g = try pool?.backward(gradOutput, context: context) ?? gradOutput
    let d = weight.value.shape[1]
    for b in 0..<input.batch {
      for t in 0..<input.lengths[b] {
        let id = Int(input.tokens[b * input.time + t])
        for j in 0..<d { weight.grad.data[id * d + j] += g.data[(b * input.time + t) * d + j] }
      }
    }
    return Tensor(shape: [0])
  }
}

/// The mean over each sequence's real positions: `.sequence(width)` to `.vector(width)`.
public final class ToyMeanPool: Layer {
  public let typeName = "tpool"
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  private var lengths: [Int] = []
  private var time = 0

  /// A pool over sequences of `width` features.
  public init(width: Int) {
    inputShape = .sequence(width)
    outputShape = .vector(width)
  }

  public var parameters: [(String, Parameter)] { [] }

  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
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

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
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

/// A dense layer `y = x Wᵀ + b` on vectors or on every position of a sequence.
public final class ToyDense: Layer {
  public let typeName: String
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  /// The `[out, in]` weights.
  public let weight: Parameter
  /// The `[out]` bias.
  public let bias: Parameter
  private var input: Activation?

  /// A `typeName` layer from `input` to `out` features; weights then bias drawn as given.
  public init(
    typeName: String, input: FeatureShape, out: Int, weights: ToyInitial, bias biasInitial: ToyInitial,
    rng: inout RNG
  ) {
    self.typeName = typeName
    inputShape = input
    if case .sequence = input { outputShape = .sequence(out) } else { outputShape = .vector(out) }
    weight = Parameter(weights.tensor([out, input.width], &rng))
    bias = Parameter(biasInitial.tensor([out], &rng))
  }

  public var parameters: [(String, Parameter)] { [("weight", weight), ("bias", bias)] }

  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    self.input = input
    let out = outputShape.width
    let rows = input.values.count / inputShape.width
    var y = Tensor(shape: [rows, out])
    BLAS.matmul(input.values.reshaped([rows, inputShape.width]), weight.value, transB: true, into: &y)
    for r in 0..<rows { for j in 0..<out { y.data[r * out + j] += bias.value.data[j] } }
    let shape = input.values.shape.count == 3 ? [input.batch, input.time, out] : [rows, out]
    return Activation(values: y.reshaped(shape), lengths: input.lengths)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
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
