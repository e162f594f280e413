import LayerKit
import Schema
import TensorCore

/// `dense out=N activation=none|relu|tanh|sigmoid`: an affine map `y = f(x·Wᵀ + b)` like PyTorch's
/// `nn.Linear` (parameters `weight` [out, in] and `bias` [out], Kaiming-uniform initialisation).
///
/// It works on vectors anywhere, and on a sequence only as a network's last layer (a language-model
/// head, one output per time step); padded steps output zeros.
public final class DenseLayer: Layer, WeightTyingLayer, RowScoringLayer {
  /// The registered type.
  public static let type = LayerType(
    name: "dense", summary: "fully connected layer: out units with an optional activation",
    options: [
      OptionSpec("out", .int(min: 1), required: true, help: "output units ('vocab' = the vocabulary size)"),
      OptionSpec("activation", .choice(Pointwise.names), default: "none", help: "function applied to the output"),
      OptionSpec(
        "tie", .string,
        help:
          "use an earlier layer's weight as this one's (tie=embedding: AWD-LSTM's tied decoder; tie=bert_embeddings: BERT's MLM decoder, on its word embeddings; one tensor)"
      ),
    ]
  ) { options, shape, rng throws(LayerError) in
    let inFeatures = try shape.features(for: "dense")
    let out: Int = try options.setting("out")
    _ = try ParameterBudget.elements([out, inFeatures + 1], option: "out")
    let layer = DenseLayer(
      input: shape, out: out, activation: try options.settingChoice("activation"),
      rng: &rng)
    layer.tiedTo = options.string("tie")
    return layer
  }

  public let typeName = "dense"
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  /// `[out, in]` (another layer's tensor when tied).
  public private(set) var weight: Parameter
  /// The earlier layer whose weight this one uses (`tie=`).
  public private(set) var tiedTo: String?
  /// `[out]`.
  public let bias: Parameter
  /// The function applied after the affine map.
  public let activation: Pointwise
  public var parameters: [(String, Parameter)] { [("weight", weight), ("bias", bias)] }

  private var input = Activation(values: Tensor(shape: [0]), lengths: [])
  private var output = Tensor(shape: [0])
  /// What the last `targetLoss` scored, for `backwardTargetLoss`.
  var scored: ScoredRows?

  /// A layer with PyTorch's `nn.Linear` initialisation: U(−1/√in, 1/√in) for weight and bias.
  public init(input shape: FeatureShape, out: Int, activation: Pointwise, rng: inout RNG) {
    (weight, bias) = Affine.parameters(out: out, in: shape.width, rng: &rng)
    self.activation = activation
    self.inputShape = shape
    self.outputShape = shape.isSequence ? .sequence(out) : .vector(out)
  }

  /// `[out, in]`.
  public var weightShape: [Int] { [outputShape.width, inputShape.width] }

  /// Uses `parameter` (an earlier layer's `[out, in]` weight) from now on.
  public func tie(to parameter: Parameter) { weight = parameter }

  public var lastLayerOnly: String? {
    guard case .sequence(let f) = inputShape else { return nil }
    return "input is a sequence (T×\(f)); add 'pool last|mean|max|concat' before it, "
      + "or use it as the last layer of a language model"
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let shape = Array(x.values.shape.dropLast()) + [outputShape.width]
    output.resizeForOverwrite(to: shape)  // every element is overwritten
    Affine.forward(x.values, weight: weight, bias: bias, into: &output)
    activation.apply(&output)
    Activation.zeroPadding(&output, lengths: x.lengths)
    input = x
    return x.with(values: output)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    var g = gradOutput
    activation.backward(&g, output: output)
    if !Activation.paddingIsZero(g, lengths: input.lengths) { Activation.zeroPadding(&g, lengths: input.lengths) }
    return Affine.backward(g, input: input.values, weight: weight, bias: bias)
  }
}
