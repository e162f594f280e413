import LayerKit
import Schema
import TensorCore

/// An element-wise activation layer (`relu`, `tanh`) on sequences or vectors; padding stays zero.
public final class PointwiseLayer: Layer {
  public let typeName: String
  public let inputShape: FeatureShape
  public var outputShape: FeatureShape { inputShape }
  public var parameters: [(String, Parameter)] { [] }
  /// The function applied to every element.
  public let function: Pointwise
  private var output = Tensor(shape: [0])
  private var lengths: [Int] = []

  /// A layer applying `function` to inputs of `shape`.
  public init(_ function: Pointwise, input shape: FeatureShape) {
    self.function = function
    self.typeName = function.rawValue
    self.inputShape = shape
  }

  /// The registered type for `function`.
  static func type(_ function: Pointwise, summary: String) -> LayerType {
    LayerType(name: function.rawValue, summary: summary, options: []) { _, shape, _ throws(LayerError) in
      _ = try shape.features(for: function.rawValue)
      return PointwiseLayer(function, input: shape)
    }
  }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    var y = x.values
    function.apply(&y)
    Activation.zeroPadding(&y, lengths: x.lengths)
    output = y
    lengths = x.lengths
    return x.with(values: y)
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    var g = gradOutput
    function.backward(&g, output: output)
    Activation.zeroPadding(&g, lengths: lengths)
    return g
  }
}

/// `relu`: max(0, x).
public enum ReLULayer {
  /// The registered type.
  public static let type = PointwiseLayer.type(.relu, summary: "rectified linear unit max(0, x), element-wise")
}

/// `tanh`: the hyperbolic tangent.
public enum TanhLayer {
  /// The registered type.
  public static let type = PointwiseLayer.type(.tanh, summary: "hyperbolic tangent, element-wise")
}
