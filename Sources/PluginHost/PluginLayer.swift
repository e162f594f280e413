import CReplPlugin
import LayerKit
import Schema
import TensorCore

/// A layer whose computation lives in a plugin: a LayerKit `Layer` around an opaque C instance.
///
/// The parameters are ordinary LayerKit `Parameter`s owned by the host; each call hands the plugin
/// pointers to their current storage, so optimizers, checkpoints, transfer and freezing see them like
/// a built-in layer's. Padding positions of outputs and input gradients are zeroed by the host.
final class PluginLayer: Layer {
  let typeName: String
  let inputShape: FeatureShape
  let outputShape: FeatureShape
  let parameters: [(String, Parameter)]
  private let type: PluginLayerType
  /// The parameter shapes the plugin declared at create time.
  private let declaredShapes: [[Int]]
  private let instance: UnsafeMutableRawPointer?
  /// The last forward's input, output and batch description, for `backward`.
  private var cache: (input: Activation, output: Tensor, batch: BatchLayout)?

  /// Creates the C instance for `input`, then allocates and initialises its parameters from `seed`.
  init(type: PluginLayerType, options: Options, input: FeatureShape, seed: UInt64) throws {
    self.type = type
    self.typeName = type.name
    self.inputShape = input
    let cInput = try PluginLayer.cShape(input, layer: type.name)
    var instance: UnsafeMutableRawPointer?
    var info = repl_instance_info()
    let values = type.options.map { spec in PluginLayer.cValue(options.raw(spec.key) ?? "", spec.kind) }
    let failure = withCStrings(type.options.map(\.key) + values) { strings in
      let pairs = (0..<type.options.count).map {
        repl_option_value(key: strings[$0], value: strings[type.options.count + $0])
      }
      return pluginCall { err, size in
        pairs.withUnsafeBufferPointer {
          type.functions.create($0.baseAddress, Int32(pairs.count), cInput, &instance, &info, err, size)
        }
      }
    }
    if let failure { throw LayerError(failure) }
    self.instance = instance
    do {
      self.outputShape = try PluginLayer.outputShape(info.output, input: input)
      self.parameters = try PluginLayer.parameters(info)
      self.declaredShapes = parameters.map(\.1.value.shape)
    } catch {
      type.functions.destroy(instance)
      throw error
    }
    try initialise(seed: seed)
  }

  deinit { type.functions.destroy(instance) }

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    let layout = try BatchLayout(input, shape: inputShape, layer: typeName)
    try checkParameterShapes()
    var output = Tensor(shape: layout.shape(width: outputShape.width, sequence: isSequence(outputShape)))
    let seed = context.rng.next()
    let failure = layout.withBatch(training: context.training, seed: seed) { batch in
      withValues { params in
        input.values.data.withUnsafeBufferPointer { x in
          output.data.withUnsafeMutableBufferPointer { y in
            pluginCall { type.functions.forward(instance, batch, params, x.baseAddress, y.baseAddress, $0, $1) }
          }
        }
      }
    }
    if let failure { throw LayerError("layer '\(typeName)' (plugin \(type.identity)): forward failed: \(failure)") }
    if isSequence(outputShape) { layout.zeroPadding(&output) }
    cache = (input, output, layout)
    return Activation(values: output, lengths: input.lengths)
  }

  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let (input, output, layout) = cache else {
      throw LayerError("layer '\(typeName)': backward called before forward")
    }
    guard gradOutput.shape == output.shape else {
      throw LayerError("layer '\(typeName)': gradient shape \(gradOutput.shape) does not match output \(output.shape)")
    }
    try checkParameterShapes()
    var gradOut = gradOutput
    if isSequence(outputShape) { layout.zeroPadding(&gradOut) }
    var gradInput = Tensor(shape: input.values.shape)
    let failure = layout.withBatch(training: context.training, seed: 0) { batch in
      withValues { params in
        withGrads { grads in
          input.values.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeBufferPointer { y in
              gradOut.data.withUnsafeBufferPointer { dy in
                gradInput.data.withUnsafeMutableBufferPointer { dx in
                  pluginCall {
                    type.functions.backward(
                      instance, batch, params, x.baseAddress, y.baseAddress, dy.baseAddress, dx.baseAddress, grads, $0,
                      $1)
                  }
                }
              }
            }
          }
        }
      }
    }
    if let failure { throw LayerError("layer '\(typeName)' (plugin \(type.identity)): backward failed: \(failure)") }
    if isSequence(inputShape) { layout.zeroPadding(&gradInput) }
    return gradInput
  }

  /// Fills the parameters through the plugin's `init_params` (zeros when it has none).
  private func initialise(seed: UInt64) throws {
    guard let initParams = type.functions.initParams, !parameters.isEmpty else { return }
    let params = parameters.map(\.1)
    let failure = PluginLayer.withPointers(params, \.value, [], 0) { pointers in
      pluginCall { initParams(instance, seed, pointers, $0, $1) }
    }
    if let failure { throw LayerError("init_params failed: \(failure)") }
  }

  /// Calls `body` with read-only pointers to every parameter's current values.
  private func withValues<R>(_ body: (UnsafePointer<UnsafePointer<Float>?>?) -> R) -> R {
    PluginLayer.withReadPointers(parameters.map { $0.1.value.data }, [], 0) { pointers in
      pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
  }

  /// Calls `body` with pointers to every parameter's gradient storage (resized if replaced).
  private func withGrads<R>(_ body: (UnsafePointer<UnsafeMutablePointer<Float>?>?) -> R) -> R {
    for (_, p) in parameters where p.grad.shape != p.value.shape { p.grad = Tensor(shape: p.value.shape) }
    return PluginLayer.withPointers(parameters.map(\.1), \.grad, [], 0) { pointers in
      pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
  }

  /// Nests `withUnsafeBufferPointer` over `arrays`, collecting their base addresses.
  private static func withReadPointers<R>(
    _ arrays: [[Float]], _ collected: [UnsafePointer<Float>?], _ index: Int, _ body: ([UnsafePointer<Float>?]) -> R
  ) -> R {
    if index == arrays.count { return body(collected) }
    return arrays[index].withUnsafeBufferPointer {
      withReadPointers(arrays, collected + [$0.baseAddress], index + 1, body)
    }
  }

  /// Fails when a parameter's value no longer has the shape the plugin declared (the plugin would
  /// read past its storage).
  private func checkParameterShapes() throws {
    for ((key, p), shape) in zip(parameters, declaredShapes) where p.value.shape != shape {
      throw LayerError("layer '\(typeName)': parameter '\(key)' has shape \(p.value.shape), expected \(shape)")
    }
  }

  /// Nests `withUnsafeMutableBufferPointer` over one tensor of each parameter, collecting pointers.
  private static func withPointers<R>(
    _ params: [Parameter], _ tensor: ReferenceWritableKeyPath<Parameter, Tensor>,
    _ collected: [UnsafeMutablePointer<Float>?], _ index: Int, _ body: ([UnsafeMutablePointer<Float>?]) -> R
  ) -> R {
    if index == params.count { return body(collected) }
    return params[index][keyPath: tensor].data.withUnsafeMutableBufferPointer {
      withPointers(params, tensor, collected + [$0.baseAddress], index + 1, body)
    }
  }
}
