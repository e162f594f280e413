import LayerKit
import Schema
import TensorCore

/// `embedding dim=64`: looks up one learned vector per token id, like PyTorch's `nn.Embedding`
/// with `padding_idx=0` (parameter `weight` [vocabulary, dim], N(0, 1) initialisation).
///
/// Row 0 (`<pad>`) starts at zero and its gradient is always zero, so it stays zero; padded
/// positions output zeros.
public final class EmbeddingLayer: Layer {
  /// The registered type.
  public static let type = LayerType(
    name: "embedding", summary: "token ids to learned vectors of size dim (row 0 = <pad> stays zero)",
    options: [
      OptionSpec("dim", .int(min: 1), default: "64", help: "vector size"),
      OptionSpec(
        "embed_p", .float(), default: "0",
        help: "embedding dropout: drop whole word rows with this probability in training (AWD-LSTM, fastai embed_p)"),
    ]
  ) { options, shape, rng throws(LayerError) in
    guard case .tokens(let vocabulary) = shape else {
      throw LayerError("input is not token ids (\(shape)); 'embedding' must be the first layer")
    }
    guard vocabulary >= 2 else {
      throw LayerError("the vocabulary has \(vocabulary) entries; give the model vocab=NAME or vocab_size=N")
    }
    let dim: Int = try options.setting("dim")
    _ = try ParameterBudget.elements([vocabulary, dim], option: "dim")
    let layer = EmbeddingLayer(vocabulary: vocabulary, dim: dim, rng: &rng)
    layer.wordDropout = try DropoutMask.probability(options, "embed_p")
    return layer
  }

  public let typeName = "embedding"
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  /// `[vocabulary, dim]`.
  public let weight: Parameter
  public var parameters: [(String, Parameter)] { [("weight", weight)] }
  private let dim: Int
  private var input = Activation(tokens: [], batch: 0, time: 0, lengths: [])
  /// Embedding dropout: the probability of dropping a word's whole row for one forward (training).
  public var wordDropout: Float = 0
  /// The last training forward's scale per vocabulary row (0 or 1/(1−p)); empty when off.
  private var rowScales = Tensor(shape: [0])

  /// An embedding table with N(0, 1) rows and a zero row 0.
  public init(vocabulary: Int, dim: Int, rng: inout RNG) {
    var w = Tensor(shape: [vocabulary, dim])
    w.fill(from: dim) { rng.normal() }
    self.weight = Parameter(w)
    self.dim = dim
    self.inputShape = .tokens(vocabulary: vocabulary)
    self.outputShape = .sequence(dim)
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let vocabulary = weight.value.shape[0]
    if context.training && wordDropout > 0 {
      DropoutMask.fill(&rowScales, shape: [vocabulary], p: wordDropout, rng: &context.rng)
    } else {
      rowScales.resize(to: [0])
    }
    var y = Tensor(shape: [x.batch, x.time, dim])
    try weight.value.data.withUnsafeBufferPointer { pw in
      try y.data.withUnsafeMutableBufferPointer { py in
        for b in 0..<x.batch {
          for t in 0..<min(x.lengths[b], x.time) {
            let id = Int(x.tokens[b * x.time + t])
            guard id >= 0 && id < vocabulary else {
              throw LayerError("token id \(id) is outside the vocabulary (0..<\(vocabulary))")
            }
            let dst = py.baseAddress! + (b * x.time + t) * dim
            dst.update(from: pw.baseAddress! + id * dim, count: dim)
            if !rowScales.data.isEmpty { scale(dst, by: rowScales.data[id]) }
          }
        }
      }
    }
    input = x
    return Activation(values: y, lengths: x.lengths)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    let x = input
    gradOutput.data.withUnsafeBufferPointer { pg in
      weight.grad.data.withUnsafeMutableBufferPointer { pw in
        for b in 0..<x.batch {
          for t in 0..<min(x.lengths[b], x.time) {
            let id = Int(x.tokens[b * x.time + t])
            if id == 0 { continue }
            let src = (b * x.time + t) * dim
            let s = rowScales.data.isEmpty ? 1 : rowScales.data[id]
            for j in 0..<dim { pw[id * dim + j] += s * pg[src + j] }
          }
        }
      }
    }
    return Tensor(shape: [0])
  }

  private func scale(_ row: UnsafeMutablePointer<Float>, by s: Float) {
    for j in 0..<dim { row[j] *= s }
  }
}
