import Schema
import TensorCore

/// A named layer inside a network: `embedding`, `lstm`, `dense`, `dense2`, …
public struct NamedLayer {
  public let name: String
  public let layer: any Layer
}

/// A sequence of layers with flat dotted parameter keys (`lstm.weight_ih_l0`).
public final class Network {
  /// The layers in order, with unique names (the type name, then `type2`, `type3` for repeats).
  public let layers: [NamedLayer]
  /// The spec it was built from.
  public let spec: ModelSpec
  /// The registry its layers came from (to build copies).
  public let registry: LayerRegistry
  /// Whether every layer is a built-in type (no run-time plugin), so copies may run on other threads.
  public let builtInOnly: Bool

  /// Builds every layer of `spec` in order, checking shapes; errors name the layer by position.
  /// The total parameter count may not exceed `parameterLimit` (checked as each layer is built).
  public init(
    spec: ModelSpec, registry: LayerRegistry, input: FeatureShape, seed: UInt64,
    parameterLimit: Int = ParameterBudget.maxElements
  ) throws(LayerError) {
    var rng = RNG(seed: seed)
    var shape = input
    var built: [NamedLayer] = []
    var seen: [String: Int] = [:]
    var total = 0
    var builtIn = true
    if spec.layers.isEmpty { throw LayerError("a model needs at least one layer") }
    for (index, layerSpec) in spec.layers.enumerated() {
      let position = "layer \(index + 1) (\(layerSpec.type))"
      do {
        let type = try registry.lookup(layerSpec.type)
        builtIn = builtIn && type.origin == "built-in"
        let options = try Options(layerSpec.options.map { ($0.key, $0.value) }, specs: type.options)
        var layerRNG = rng.fork()
        let layer = try ParameterBudget.$builtBefore.withValue(total) { try type.make(options, shape, &layerRNG) }
        total += layer.parameters.reduce(0) { $0 + $1.1.count }
        if total > parameterLimit {
          throw LayerError("the model would have \(total) parameters, more than fit in memory; use smaller sizes")
        }
        try CancellationToken.checkCurrent()
        shape = layer.outputShape
        seen[layerSpec.type, default: 0] += 1
        let count = seen[layerSpec.type, default: 1]
        built.append(NamedLayer(name: count == 1 ? layerSpec.type : "\(layerSpec.type)\(count)", layer: layer))
      } catch let error as OptionError {
        throw LayerError("\(position): \(error.message)")
      } catch let error as LayerError {
        throw LayerError("\(position): \(error.message)")
      } catch {
        throw LayerError("\(position): \(error)")
      }
    }
    try Network.tieWeights(built)
    for (index, named) in built.enumerated().dropLast() {
      if let reason = named.layer.lastLayerOnly {
        throw LayerError("layer \(index + 1) (\(named.layer.typeName)): \(reason)")
      }
    }
    self.layers = built
    self.spec = spec
    self.registry = registry
    self.builtInOnly = builtIn
  }

  /// Every parameter under its dotted key, in layer order; a tensor shared by two layers (tied
  /// weights) appears once, under the key of the first layer that has it.
  public var parameters: [(String, Parameter)] {
    var seen = Set<ObjectIdentifier>()
    return layers.flatMap { named in
      named.layer.parameters.compactMap { key, p in
        seen.insert(ObjectIdentifier(p)).inserted ? ("\(named.name).\(key)", p) : nil
      }
    }
  }

  /// The parameters an optimizer will update: exactly those not frozen.
  public var trainableParameters: [(String, Parameter)] { parameters.filter { !$0.1.frozen } }

  /// The input shape of the first layer.
  public var inputShape: FeatureShape { layers[0].layer.inputShape }
  /// The output shape of the last layer.
  public var outputShape: FeatureShape { layers[layers.count - 1].layer.outputShape }

  /// The layer called `name`, if any.
  public func layer(named name: String) -> NamedLayer? { layers.first { $0.name == name } }

  /// Runs every layer in order.
  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    try forward(input, context: context, upTo: layers.count)
  }

  /// Runs the layers before index `end` in order (the input of layer `end`).
  public func forward(_ input: Activation, context: LayerContext, upTo end: Int) throws -> Activation {
    var x = input
    for named in layers[..<end] { x = try named.layer.forward(x, context: context) }
    return x
  }

  /// Back-propagates the gradient of the loss w.r.t. the network output through every layer,
  /// accumulating parameter gradients. Stops below the lowest layer that has trainable
  /// parameters, since nothing under it needs a gradient.
  public func backward(_ gradOutput: Tensor, context: LayerContext) throws {
    try backward(gradOutput, context: context, from: layers.count)
  }

  /// Back-propagates the gradient w.r.t. the output of layer `end − 1` through the layers below
  /// index `end`, as `backward` does.
  public func backward(_ gradOutput: Tensor, context: LayerContext, from end: Int) throws {
    let lowest = layers.firstIndex { named in named.layer.parameters.contains { !$0.1.frozen } } ?? layers.count
    var g = gradOutput
    for index in stride(from: end - 1, through: lowest, by: -1) {
      g = try layers[index].layer.backward(g, context: context)
    }
  }

  /// Clears every parameter's gradient.
  public func zeroGrad() {
    for (_, p) in parameters { p.zeroGrad() }
  }

  /// The total number of scalar parameters.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.1.count } }
}
