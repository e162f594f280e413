import LayerKit
import Schema
import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// `transformer heads=4 ff=4×dim dropout=0.1 maxlen=512 positions=learned`: one pre-norm encoder
/// block, equal to PyTorch's `nn.TransformerEncoderLayer(norm_first=True, batch_first=True)` applied
/// to `x + pos_embedding[:T]` with `src_key_padding_mask`:
///
///     h  = x + pos[t]        (pos: learned, sinusoidal, or nothing with positions=none)
///     h1 = h + dropout(MHA(LN1(h)))
///     y  = h1 + dropout(linear2(dropout(relu(linear1(LN2(h1))))))
///
/// Parameter keys follow PyTorch (`self_attn.in_proj_weight`, `linear1.weight`, `norm1.bias`, …) plus
/// `pos_embedding` [maxlen, D] with learned positions. Sinusoidal positions are the fixed table of
/// Vaswani et al. 2017 (`sin(t / 10000^(2i/D))` in even, `cos` in odd features), no parameter. A
/// stack adds positions once: `transformer | transformer positions=none | …`. Padded positions are
/// never attended to and output zeros.
public final class TransformerLayer: Layer {
  /// The registered type.
  public static let type = LayerType(
    name: "transformer",
    summary: "pre-norm transformer encoder block: self-attention + feed-forward, learned positions",
    options: [
      OptionSpec("heads", .int(min: 1), default: "4", help: "attention heads (must divide the input width)"),
      OptionSpec("ff", .int(min: 1), default: "4×dim", help: "feed-forward width (default 4 × the input width)"),
      OptionSpec("dropout", .float(), default: "0.1", help: "dropout probability while training, in [0, 1)"),
      OptionSpec("maxlen", .int(min: 1), default: "512", help: "longest sequence (the position table's length)"),
      OptionSpec(
        "positions", .choice(PositionKind.allCases.map(\.rawValue)), default: "learned",
        help: "position vectors added to the input: learned, sinusoidal (fixed) or none (later blocks of a stack)"),
    ]
  ) { options, shape, rng throws(LayerError) in
    let width = try shape.features(for: "transformer")
    guard shape.isSequence else { throw LayerError("input is a vector (\(width)); 'transformer' needs a sequence") }
    let heads: Int = try options.setting("heads")
    guard width % heads == 0 else {
      let divisors = (1...min(width, 64)).filter { width % $0 == 0 }
      let near = divisors.min { abs($0 - heads) < abs($1 - heads) } ?? 1
      throw LayerError("option 'heads=' must divide the input width \(width), got \(heads) (try heads=\(near))")
    }
    let ff = try options.givenSetting("ff") ?? 4 * width
    let maxlen: Int = try options.setting("maxlen")
    let p: Float = try options.setting("dropout")
    guard p >= 0 && p < 1 else { throw LayerError("option 'dropout=' must be in [0, 1), got \(p)") }
    _ = try ParameterBudget.elements([2 * ff, width + 1], option: "ff")
    _ = try ParameterBudget.elements([maxlen, width], option: "maxlen")
    _ = try ParameterBudget.elements([4 * width, width + 1], option: "heads")
    let kind: PositionKind = try options.settingChoice("positions")
    return TransformerLayer(width: width, heads: heads, ff: ff, dropout: p, maxlen: maxlen, positions: kind, rng: &rng)
  }

  /// What `positions=` adds to the block's input.
  public enum PositionKind: String, Sendable, CaseIterable {
    /// A trained `[maxlen, D]` table (`pos_embedding`).
    case learned
    /// The fixed sine/cosine table of "Attention is all you need".
    case sinusoidal
    /// Nothing (for blocks after the first of a stack, or an order-free encoder).
    case none
  }

  public let typeName = "transformer"
  public let inputShape: FeatureShape
  public var outputShape: FeatureShape { inputShape }
  /// `[maxlen, D]` position vectors: learned (N(0, 0.02²) initially), or the fixed sinusoidal table
  /// (frozen and not among the parameters), or empty with `positions=none`.
  public let positions: Parameter
  /// Which position vectors are added.
  public let positionKind: PositionKind
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
    ] + (positionKind == .learned ? [("pos_embedding", positions)] : [])
  }

  private var lengths: [Int] = []
  private var h1 = Tensor(shape: [0])
  private var normed2 = Tensor(shape: [0])
  private var hidden = Tensor(shape: [0])
  private var hiddenDropped = Tensor(shape: [0])
  private var masks = (attention: Tensor(shape: [0]), hidden: Tensor(shape: [0]), output: Tensor(shape: [0]))

  /// A block over `width` features with PyTorch's initialisation.
  public init(
    width: Int, heads: Int, ff: Int, dropout: Float, maxlen: Int, positions kind: PositionKind = .learned,
    rng: inout RNG
  ) {
    inputShape = .sequence(width)
    attention = SelfAttention(width: width, heads: heads, rng: &rng)
    linear1 = Affine.parameters(out: ff, in: width, rng: &rng)
    linear2 = Affine.parameters(out: width, in: ff, rng: &rng)
    norm1 = LayerNorm(width: width)
    norm2 = LayerNorm(width: width)
    var pos = Tensor(shape: [maxlen, width])
    pos.fill { 0.02 * rng.normal() }
    switch kind {
    case .learned: positions = Parameter(pos)
    case .sinusoidal: positions = Parameter(TransformerLayer.sinusoidal(maxlen: maxlen, width: width))
    case .none: positions = Parameter(Tensor(shape: [0, width]))
    }
    positions.frozen = kind != .learned
    positionKind = kind
    self.dropout = dropout
  }

  /// `[maxlen, width]`: `sin(t / 10000^(2i/width))` at feature 2i, `cos` of the same at 2i + 1,
  /// computed in Double.
  public static func sinusoidal(maxlen: Int, width: Int) -> Tensor {
    var table = Tensor(shape: [maxlen, width])
    for t in 0..<maxlen {
      for j in 0..<width {
        let angle = Double(t) / pow(10000, Double(j - j % 2) / Double(width))
        table.data[t * width + j] = Float(j % 2 == 0 ? sin(angle) : cos(angle))
      }
    }
    return table
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let (time, d) = (x.values.shape[1], inputShape.width)
    let maxlen = positionKind == .none ? Int.max : positions.value.shape[0]
    guard time <= maxlen else {
      throw LayerError("transformer: sequences of \(time) steps exceed maxlen=\(maxlen); rebuild with maxlen=\(time)")
    }
    let p: Float = context.training ? dropout : 0
    lengths = x.lengths.map { min(max($0, 0), time) }
    let h = positionKind == .none ? x.values : BlockMath.addRows(x.values, positions.value)
    var o = attention.forward(norm1.forward(h), lengths: lengths, dropout: p, rng: &context.rng)
    BlockMath.dropout(&o, mask: &masks.attention, p: p, rng: &context.rng)
    BlockMath.add(h, into: &o)
    h1 = o
    normed2 = norm2.forward(h1)
    hiddenDropped = Tensor(shape: [0])  // so that `hidden` is not shared and is reused in place
    hidden.resizeForOverwrite(to: [x.batch, time, linear1.bias.count])
    Affine.forward(normed2, weight: linear1.weight, bias: linear1.bias, into: &hidden)
    Pointwise.relu.apply(&hidden)
    hiddenDropped = hidden
    BlockMath.dropout(&hiddenDropped, mask: &masks.hidden, p: p, rng: &context.rng)
    var y = Tensor(uninitializedShape: [x.batch, time, d])
    Affine.forward(hiddenDropped, weight: linear2.weight, bias: linear2.bias, into: &y)
    BlockMath.dropout(&y, mask: &masks.output, p: p, rng: &context.rng)
    BlockMath.add(h1, into: &y)
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
    var gH1 = norm2.backward(gNormed2)
    BlockMath.add(g, into: &gH1)
    var gO = gH1
    DropoutMask.apply(masks.attention, to: &gO)
    var gH = norm1.backward(attention.backward(gO))
    BlockMath.add(gH1, into: &gH)
    Activation.zeroPadding(&gH, lengths: lengths)
    let (time, d) = (gH.shape[1], inputShape.width)
    guard positionKind == .learned else { return gH }
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
