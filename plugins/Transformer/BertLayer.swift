import LayerKit
import Schema
import TensorCore

/// `bert heads=2 ff=64 activation=gelu eps=1e-12 dropout=0.1`: one post-norm encoder block as Hugging
/// Face's `BertLayer` computes it, with the attention mask of a right-padded batch:
///
///     h1 = LN1(x + dropout(dense_o(MHA(x))))
///     y  = LN2(h1 + dropout(dense_2(act(dense_1(h1)))))
///
/// Parameter keys follow the Hugging Face names under `encoder.layer.N.` (`attention.self.query.weight`,
/// `attention.output.dense.bias`, `attention.output.LayerNorm.weight`, `intermediate.dense.weight`,
/// `output.dense.weight`, `output.LayerNorm.bias`, …), so a checkpoint maps onto it by renaming the
/// layer prefix only. Padded positions are never attended to and output zeros.
public final class BertLayer: Layer {
  /// The registered type.
  public static let type = LayerType(
    name: "bert",
    summary: "post-norm BERT encoder block (Hugging Face layout): self-attention + feed-forward",
    options: [
      OptionSpec("heads", .int(min: 1), default: "12", help: "attention heads (must divide the input width)"),
      OptionSpec("ff", .int(min: 1), default: "4×dim", help: "intermediate width (default 4 × the input width)"),
      OptionSpec(
        "activation", .choice(BertActivation.allCases.map(\.rawValue)), default: "gelu",
        help: "feed-forward activation (config hidden_act)"),
      OptionSpec("eps", .float(), default: "1e-12", help: "layer-norm epsilon (config layer_norm_eps)"),
      OptionSpec("dropout", .float(), default: "0.1", help: "dropout probability while training, in [0, 1)"),
    ]
  ) { options, shape, rng throws(LayerError) in
    let width = try shape.features(for: "bert")
    guard shape.isSequence else { throw LayerError("input is a vector (\(width)); 'bert' needs a sequence") }
    let heads: Int = try options.setting("heads")
    guard width % heads == 0 else {
      throw LayerError("option 'heads=' must divide the input width \(width), got \(heads)")
    }
    let ff = try options.givenSetting("ff") ?? 4 * width
    let p: Float = try options.setting("dropout")
    guard p >= 0 && p < 1 else { throw LayerError("option 'dropout=' must be in [0, 1), got \(p)") }
    let eps: Float = try options.setting("eps")
    guard eps > 0 else { throw LayerError("option 'eps=' must be positive, got \(eps)") }
    _ = try ParameterBudget.elements([2 * ff, width + 1], option: "ff")
    let activation: BertActivation = try options.settingChoice("activation")
    return BertLayer(
      width: width, heads: heads, ff: ff, activation: activation, eps: eps, dropout: p, rng: &rng)
  }

  public let typeName = "bert"
  public let inputShape: FeatureShape
  public var outputShape: FeatureShape { inputShape }
  /// The feed-forward activation.
  public let activation: BertActivation
  /// The dropout probability while training (hidden and attention dropout).
  public let dropout: Float
  let attention: SelfAttention
  let norm1: LayerNorm
  let norm2: LayerNorm
  let intermediate: (weight: Parameter, bias: Parameter)
  let output: (weight: Parameter, bias: Parameter)

  public var parameters: [(String, Parameter)] {
    let names = ["query", "key", "value"]
    let projections = zip(names, attention.projections).flatMap { name, p in
      [("attention.self.\(name).weight", p.weight), ("attention.self.\(name).bias", p.bias)]
    }
    return projections + [
      ("attention.output.dense.weight", attention.outWeight), ("attention.output.dense.bias", attention.outBias),
      ("attention.output.LayerNorm.weight", norm1.weight), ("attention.output.LayerNorm.bias", norm1.bias),
      ("intermediate.dense.weight", intermediate.weight), ("intermediate.dense.bias", intermediate.bias),
      ("output.dense.weight", output.weight), ("output.dense.bias", output.bias),
      ("output.LayerNorm.weight", norm2.weight), ("output.LayerNorm.bias", norm2.bias),
    ]
  }

  private var lengths: [Int] = []
  private var h1 = Tensor(shape: [0])
  private var preActivation = Tensor(shape: [0])
  private var hidden = Tensor(shape: [0])
  private var masks = (attention: Tensor(shape: [0]), output: Tensor(shape: [0]))

  /// A block over `width` features with BERT's initialisation (weights N(0, 0.02²), zero biases).
  public init(
    width: Int, heads: Int, ff: Int, activation: BertActivation, eps: Float, dropout: Float, rng: inout RNG
  ) {
    inputShape = .sequence(width)
    attention = SelfAttention(width: width, heads: heads, separate: 0.02, rng: &rng)
    intermediate = (SelfAttention.normal([ff, width], 0.02, &rng), Parameter(Tensor(shape: [ff])))
    output = (SelfAttention.normal([width, ff], 0.02, &rng), Parameter(Tensor(shape: [width])))
    norm1 = LayerNorm(width: width, eps: eps)
    norm2 = LayerNorm(width: width, eps: eps)
    self.activation = activation
    self.dropout = dropout
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let time = x.values.shape[1]
    let p: Float = context.training ? dropout : 0
    lengths = x.lengths.map { min(max($0, 0), time) }
    var a = attention.forward(x.values, lengths: lengths, dropout: p, rng: &context.rng)
    BlockMath.dropout(&a, mask: &masks.attention, p: p, rng: &context.rng)
    BlockMath.add(x.values, into: &a)
    h1 = norm1.forward(a)
    preActivation.resizeForOverwrite(to: [x.batch, time, intermediate.bias.count])
    Affine.forward(h1, weight: intermediate.weight, bias: intermediate.bias, into: &preActivation)
    hidden = activation.apply(preActivation)
    var f = Tensor(uninitializedShape: x.values.shape)
    Affine.forward(hidden, weight: output.weight, bias: output.bias, into: &f)
    BlockMath.dropout(&f, mask: &masks.output, p: p, rng: &context.rng)
    BlockMath.add(h1, into: &f)
    var y = norm2.forward(f)
    Activation.zeroPadding(&y, lengths: lengths)
    return x.with(values: y)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    var g = gradOutput
    Activation.zeroPadding(&g, lengths: lengths)
    let gSum2 = norm2.backward(g)
    var gf = gSum2
    DropoutMask.apply(masks.output, to: &gf)
    var gHidden = Affine.backward(gf, input: hidden, weight: output.weight, bias: output.bias)
    activation.backward(&gHidden, input: preActivation)
    var gH1 = Affine.backward(gHidden, input: h1, weight: intermediate.weight, bias: intermediate.bias)
    BlockMath.add(gSum2, into: &gH1)
    let gSum1 = norm1.backward(gH1)
    var gA = gSum1
    DropoutMask.apply(masks.attention, to: &gA)
    var gx = attention.backward(gA)
    BlockMath.add(gSum1, into: &gx)
    Activation.zeroPadding(&gx, lengths: lengths)
    return gx
  }
}
