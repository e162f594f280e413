import LayerKit
import Schema
import TensorCore

/// `transformer heads=4 ff=4×dim dropout=0.1 maxlen=512`: one pre-norm encoder block with learned
/// positions, equal to PyTorch's `nn.TransformerEncoderLayer(norm_first=True, batch_first=True)`
/// applied to `x + pos_embedding[:T]` with `src_key_padding_mask`:
///
///     h  = x + pos_embedding[t]
///     h1 = h + dropout(MHA(LN1(h)))
///     y  = h1 + dropout(linear2(dropout(relu(linear1(LN2(h1))))))
///
/// Parameter keys follow PyTorch (`self_attn.in_proj_weight`, `linear1.weight`, `norm1.bias`, …) plus
/// `pos_embedding` [maxlen, D]. Padded positions are never attended to and output zeros.
public final class TransformerLayer: Layer {
  /// The registered type.
  public static let type = LayerType(
    name: "transformer",
    summary: "pre-norm transformer encoder block: self-attention + feed-forward, learned positions",
    options: [
      OptionSpec("heads", .int(min: 1), default: "4", help: "attention heads (must divide the input width)"),
      OptionSpec("ff", .int(min: 1), default: "4×dim", help: "feed-forward width (default 4 × the input width)"),
      OptionSpec("dropout", .float(), default: "0.1", help: "dropout probability while training, in [0, 1)"),
      OptionSpec("maxlen", .int(min: 1), default: "512", help: "longest sequence (learned positions)"),
    ]
  ) { options, shape, rng throws(LayerError) in
    let width = try shape.features(for: "transformer")
    guard shape.isSequence else { throw LayerError("input is a vector (\(width)); 'transformer' needs a sequence") }
    let heads = options.int("heads") ?? 4
    guard width % heads == 0 else {
      let divisors = (1...min(width, 64)).filter { width % $0 == 0 }
      let near = divisors.min { abs($0 - heads) < abs($1 - heads) } ?? 1
      throw LayerError("option 'heads=' must divide the input width \(width), got \(heads) (try heads=\(near))")
    }
    let ff = options.int("ff") ?? 4 * width
    let maxlen = options.int("maxlen") ?? 512
    let p = options.float("dropout") ?? 0.1
    guard p >= 0 && p < 1 else { throw LayerError("option 'dropout=' must be in [0, 1), got \(p)") }
    _ = try ParameterBudget.elements([2 * ff, width + 1], option: "ff")
    _ = try ParameterBudget.elements([maxlen, width], option: "maxlen")
    _ = try ParameterBudget.elements([4 * width, width + 1], option: "heads")
    return TransformerLayer(width: width, heads: heads, ff: ff, dropout: p, maxlen: maxlen, rng: &rng)
  }

  public let typeName = "transformer"
  public let inputShape: FeatureShape
  public var outputShape: FeatureShape { inputShape }
  /// `[maxlen, D]` learned position vectors, N(0, 0.02²) initially.
  public let positions: Parameter
  let attention: SelfAttention
  let norm1: LayerNorm
  let norm2: LayerNorm
  let linear1: (weight: Parameter, bias: Parameter)
  let linear2: (weight: Parameter, bias: Parameter)
  /// The dropout probability while training.
  public let dropout: Float

  public var parameters: [(String, Parameter)] {
    attention.parameters.map { ("self_attn.\($0.0)", $0.1) } + [
      ("linear1.weight", linear1.weight), ("linear1.bias", linear1.bias),
      ("linear2.weight", linear2.weight), ("linear2.bias", linear2.bias),
      ("norm1.weight", norm1.weight), ("norm1.bias", norm1.bias),
      ("norm2.weight", norm2.weight), ("norm2.bias", norm2.bias),
      ("pos_embedding", positions),
    ]
  }

  private var lengths: [Int] = []
  private var h1 = Tensor(shape: [0])
  private var normed2 = Tensor(shape: [0])
  private var hidden = Tensor(shape: [0])
  private var hiddenDropped = Tensor(shape: [0])
  private var masks = (attention: Tensor(shape: [0]), hidden: Tensor(shape: [0]), output: Tensor(shape: [0]))

  /// A block over `width` features with PyTorch's initialisation.
  public init(width: Int, heads: Int, ff: Int, dropout: Float, maxlen: Int, rng: inout RNG) {
    inputShape = .sequence(width)
    attention = SelfAttention(width: width, heads: heads, rng: &rng)
    linear1 = Affine.parameters(out: ff, in: width, rng: &rng)
    linear2 = Affine.parameters(out: width, in: ff, rng: &rng)
    norm1 = LayerNorm(width: width)
    norm2 = LayerNorm(width: width)
    var pos = Tensor(shape: [maxlen, width])
    pos.fill { 0.02 * rng.normal() }
    positions = Parameter(pos)
    self.dropout = dropout
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let (time, d) = (x.values.shape[1], inputShape.width)
    let maxlen = positions.value.shape[0]
    guard time <= maxlen else {
      throw LayerError("transformer: sequences of \(time) steps exceed maxlen=\(maxlen); rebuild with maxlen=\(time)")
    }
    let p: Float = context.training ? dropout : 0
    lengths = x.lengths.map { min(max($0, 0), time) }
    var h = x.values
    h.data.withUnsafeMutableBufferPointer { ph in
      positions.value.data.withUnsafeBufferPointer { pp in
        for b in 0..<x.batch {
          for i in 0..<(time * d) { ph[b * time * d + i] += pp[i] }
        }
      }
    }
    var o = attention.forward(norm1.forward(h), lengths: lengths, dropout: p, rng: &context.rng)
    BlockMath.dropout(&o, mask: &masks.attention, p: p, rng: &context.rng)
    h1 = BlockMath.add(h, o)
    normed2 = norm2.forward(h1)
    hidden = Tensor(shape: [x.batch, time, linear1.bias.count])
    Affine.forward(normed2, weight: linear1.weight, bias: linear1.bias, into: &hidden)
    Pointwise.relu.apply(&hidden)
    hiddenDropped = hidden
    BlockMath.dropout(&hiddenDropped, mask: &masks.hidden, p: p, rng: &context.rng)
    var f = Tensor(shape: x.values.shape)
    Affine.forward(hiddenDropped, weight: linear2.weight, bias: linear2.bias, into: &f)
    BlockMath.dropout(&f, mask: &masks.output, p: p, rng: &context.rng)
    var y = BlockMath.add(h1, f)
    Activation.zeroPadding(&y, lengths: lengths)
    return x.with(values: y)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    var g = gradOutput
    Activation.zeroPadding(&g, lengths: lengths)
    var gf = g
    DropoutMask.apply(masks.output, to: &gf)
    var gHidden = Affine.backward(gf, input: hiddenDropped, weight: linear2.weight, bias: linear2.bias)
    DropoutMask.apply(masks.hidden, to: &gHidden)
    Pointwise.relu.backward(&gHidden, output: hidden)
    let gNormed2 = Affine.backward(gHidden, input: normed2, weight: linear1.weight, bias: linear1.bias)
    let gH1 = BlockMath.add(g, norm2.backward(gNormed2))
    var gO = gH1
    DropoutMask.apply(masks.attention, to: &gO)
    var gH = BlockMath.add(gH1, norm1.backward(attention.backward(gO)))
    Activation.zeroPadding(&gH, lengths: lengths)
    let (time, d) = (gH.shape[1], inputShape.width)
    gH.data.withUnsafeBufferPointer { pg in
      positions.grad.data.withUnsafeMutableBufferPointer { pp in
        for b in 0..<lengths.count {
          for i in 0..<(lengths[b] * d) { pp[i] += pg[b * time * d + i] }
        }
      }
    }
    return gH
  }
}
