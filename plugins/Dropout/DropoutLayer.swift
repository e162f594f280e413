import LayerKit
import Schema
import TensorCore

/// `dropout p=0.5`: in training mode zeroes each element with probability `p` and scales the rest
/// by 1/(1−p) (inverted dropout, as PyTorch); in inference mode the identity. Padding stays zero.
public final class DropoutLayer: Layer {
  /// The registered type.
  public static let type = LayerType(
    name: "dropout", summary: "randomly zeroes elements with probability p while training",
    options: [OptionSpec("p", .float(), default: "0.5", help: "probability of dropping an element, in [0, 1)")]
  ) { options, shape, _ throws(LayerError) in
    _ = try shape.features(for: "dropout")
    let p: Float = try options.setting("p")
    guard p >= 0 && p < 1 else { throw LayerError("option 'p=' must be in [0, 1), got \(p)") }
    return DropoutLayer(p: p, input: shape)
  }

  public let typeName = "dropout"
  public let inputShape: FeatureShape
  public var outputShape: FeatureShape { inputShape }
  public var parameters: [(String, Parameter)] { [] }
  /// The drop probability.
  public let p: Float
  /// The scaled keep mask of the last training forward (empty after an inference forward).
  private var mask = Tensor(shape: [0])
  private var lengths: [Int] = []

  /// A dropout layer for inputs of `shape`.
  public init(p: Float, input shape: FeatureShape) {
    self.p = p
    self.inputShape = shape
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    lengths = x.lengths
    var y = x.values
    if context.training && p > 0 {
      DropoutMask.fill(&mask, shape: y.shape, p: p, rng: &context.rng)
      DropoutMask.apply(mask, to: &y)
    } else {
      mask = Tensor(shape: [0])
    }
    Activation.zeroPadding(&y, lengths: x.lengths)
    return x.with(values: y)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    var g = gradOutput
    DropoutMask.apply(mask, to: &g)
    Activation.zeroPadding(&g, lengths: lengths)
    return g
  }
}
