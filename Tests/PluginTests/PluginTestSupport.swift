import LayerKit
import TensorCore
import Testing

@testable import ReplEngine

/// Small helpers shared by the plugin tests.
enum Support {
  /// The built plugins, or a recorded test failure.
  static func plugins() throws -> PluginFixtures {
    switch PluginFixtures.built {
    case .success(let built): return built
    case .failure(let error):
      Issue.record("building the test plugins failed: \(error)")
      throw error
    }
  }

  /// A session with both examples loaded.
  static func sessionWithExamples() throws -> Session {
    let built = try plugins()
    let session = Session(workingDirectory: PluginFixtures.root)
    try session.loadPlugin(built.swish)
    try session.loadPlugin(built.gated)
    return session
  }

  /// Runs `line` in `session`, expecting success, and returns its output.
  @discardableResult
  static func run(_ session: Session, _ line: String) -> String {
    let result = session.execute(line)
    #expect(result.succeeded, "\(line) → \(result.output)")
    return result.output
  }

  /// The message of the error `body` throws, or nil when it does not throw.
  static func errorMessage(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  /// A network from a spec written as `type key=value | …` over `[batch, time, width]` sequences.
  static func network(
    _ text: String, _ session: Session, width: Int = 4, seed: UInt64 = 7, input: FeatureShape? = nil
  ) throws -> Network {
    let layers = text.split(separator: "|").map { part in
      let words = part.split(separator: " ").map(String.init)
      let pairs = words.dropFirst().map { word in
        let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
        return LayerSpec.Pair(kv[0], kv.count > 1 ? kv[1] : "")
      }
      return LayerSpec(type: words[0], options: pairs)
    }
    return try Network(
      spec: ModelSpec(layers: layers), registry: session.registry, input: input ?? .sequence(width), seed: seed)
  }

  /// A deterministic `[batch, time, width]` batch with the given lengths.
  static func batch(lengths: [Int], time: Int, width: Int, seed: UInt64 = 3) -> Activation {
    var rng = RNG(seed: seed)
    let values = (0..<(lengths.count * time * width)).map { _ in rng.uniform(-1, 1) }
    return Activation(values: Tensor(shape: [lengths.count, time, width], data: values), lengths: lengths)
  }

  /// Mean squared error over real positions and its gradient w.r.t. the output.
  static func mse(_ output: Activation, target: Tensor) -> (loss: Double, grad: Tensor) {
    var grad = Tensor(shape: output.values.shape)
    var loss = 0.0
    let n = Float(output.values.count)
    for i in 0..<output.values.count {
      let d = output.values.data[i] - target.data[i]
      loss += Double(d * d) / Double(n)
      grad.data[i] = 2 * d / n
    }
    return (loss, grad)
  }

  /// One plain SGD step on every trainable parameter; returns the loss before the step.
  static func sgdStep(_ network: Network, _ input: Activation, _ target: Tensor, lr: Float) throws -> Double {
    network.zeroGrad()
    let context = LayerContext(training: true)
    let output = try network.forward(input, context: context)
    let (loss, grad) = mse(output, target: target)
    try network.backward(grad, context: context)
    for (_, p) in network.trainableParameters {
      for i in 0..<p.count { p.value.data[i] -= lr * p.grad.data[i] }
    }
    return loss
  }
}
