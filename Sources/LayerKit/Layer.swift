import Schema
import TensorCore

/// Per-call state shared by the layers of one forward/backward pass.
public final class LayerContext {
  /// Training mode (dropout active) versus inference mode.
  public var training: Bool
  /// The generator dropout masks and other stochastic layers draw from.
  public var rng: RNG

  public init(training: Bool, seed: UInt64 = 1) {
    self.training = training
    self.rng = RNG(seed: seed)
  }
}

/// An error raised by a layer: building it from options, or running it.
public struct LayerError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The layer plugin contract.
///
/// A layer is built by its `LayerType` from validated options and an input shape. `forward` caches
/// what `backward` needs; `backward` receives the gradient of the loss with respect to the output
/// values, accumulates (adds) parameter gradients into `Parameter.grad`, and returns the gradient
/// with respect to its input values (an empty tensor when the input is token ids).
public protocol Layer: AnyObject {
  /// The registered type name (`lstm`, `dense`, …).
  var typeName: String { get }
  /// The input shape it was built for.
  var inputShape: FeatureShape { get }
  /// The output shape it produces.
  var outputShape: FeatureShape { get }
  /// Its parameters under local keys in PyTorch's names where one exists (`weight`, `bias_hh_l0`).
  var parameters: [(String, Parameter)] { get }
  /// Computes the output; may cache activations for `backward`.
  func forward(_ input: Activation, context: LayerContext) throws -> Activation
  /// Back-propagates `gradOutput` (same shape as the last output's values).
  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor
  /// When non-nil, this layer may only be the last layer of a network (a dense layer on a
  /// sequence is a language-model head), and the text says what to do instead.
  var lastLayerOnly: String? { get }
}

extension Layer {
  /// Most layers may sit anywhere.
  public var lastLayerOnly: String? { nil }
}

/// How a layer type is described and built: the unit the registry holds.
public struct LayerType: Sendable {
  /// The name used in model specs.
  public let name: String
  /// A one-line description for `help layers`.
  public let summary: String
  /// Its options with types and defaults.
  public let options: [OptionSpec]
  /// Where it comes from: `built-in`, or the path of the plugin that provided it.
  public let origin: String
  /// Builds a layer from validated options for an input shape, drawing initial weights from `rng`.
  public let make: @Sendable (Options, FeatureShape, inout RNG) throws -> any Layer

  public init(
    name: String, summary: String, options: [OptionSpec], origin: String = "built-in",
    make: @escaping @Sendable (Options, FeatureShape, inout RNG) throws -> any Layer
  ) {
    self.name = name
    self.summary = summary
    self.options = options
    self.origin = origin
    self.make = make
  }
}
