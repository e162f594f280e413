import LayerKit
import TensorCore
import Testing

/// Carrying a recurrent layer's state from one window of a sequence to the next (AWD-LSTM's
/// language-model training): the same outputs as one long call, and exact gradients of a window
/// with its (detached) initial state held fixed.
@Suite struct RecurrentStateTests {
  static let types = ["lstm", "gru"]

  /// Columns `from ..< to` of every row of a `[B, T, F]` batch (all rows `T` long).
  static func window(_ x: Activation, from: Int, to: Int) -> Activation {
    let (b, t, f) = (x.batch, x.time, x.values.shape[2])
    var values = Tensor(shape: [b, to - from, f])
    for row in 0..<b {
      for s in from..<to {
        for k in 0..<f { values.data[(row * (to - from) + s - from) * f + k] = x.values.data[(row * t + s) * f + k] }
      }
    }
    return Activation(values: values, lengths: Array(repeating: to - from, count: b))
  }

  @Test(arguments: types)
  func carriedWindowsGiveTheOutputsOfOneLongCall(_ type: String) throws {
    let options = [("hidden", "5"), ("layers", "2")]
    let layer = try LayerTestSupport.build(type, options, input: .sequence(3))
    let x = GradientCheck.randomSequence(lengths: [6, 6], time: 6, features: 3)
    let context = LayerContext(training: false)
    let whole = try layer.forward(x, context: context).values
    let stateful = try #require(layer as? any StatefulLayer)
    stateful.resetState()
    let first = try layer.forward(Self.window(x, from: 0, to: 4), context: context).values
    stateful.carryState()
    let second = try layer.forward(Self.window(x, from: 4, to: 6), context: context).values
    let joined = Self.window(Activation(values: whole, lengths: [6, 6]), from: 4, to: 6).values
    #expect(zip(second.data, joined.data).allSatisfy { abs($0 - $1) < 1e-5 }, "\(type): second window differs")
    #expect(first.data == Self.window(Activation(values: whole, lengths: [6, 6]), from: 0, to: 4).values.data)
    stateful.resetState()
    let restarted = try layer.forward(Self.window(x, from: 4, to: 6), context: context).values
    #expect(zip(restarted.data, joined.data).contains { abs($0 - $1) > 1e-3 }, "\(type): reset had no effect")
  }

  @Test(arguments: types)
  func gradientsWithACarriedStateMatchFiniteDifferences(_ type: String) throws {
    let layer = try LayerTestSupport.build(type, [("hidden", "4"), ("layers", "2")], input: .sequence(3))
    let stateful = try #require(layer as? any StatefulLayer)
    _ = try layer.forward(
      GradientCheck.randomSequence(lengths: [5, 5, 5], time: 5, features: 3, seed: 11),
      context: LayerContext(training: false))
    stateful.carryState()
    let input = GradientCheck.randomSequence(lengths: [4, 2, 3], time: 4, features: 3)
    let result = try GradientCheck.check(layer, input: input, epsilon: 1e-2)
    for (key, error) in result.errors { #expect(error < 2e-3, "\(type): \(key) max error \(error)") }
    #expect(result.errors.count == layer.parameters.count + 1)
  }

  @Test func aStateForAnotherBatchSizeIsIgnored() throws {
    let layer = try LayerTestSupport.build("lstm", [("hidden", "4")], input: .sequence(3))
    let stateful = try #require(layer as? any StatefulLayer)
    let context = LayerContext(training: false)
    _ = try layer.forward(GradientCheck.randomSequence(lengths: [3, 3], time: 3, features: 3), context: context)
    stateful.carryState()
    let single = GradientCheck.randomSequence(lengths: [3], time: 3, features: 3, seed: 8)
    let carried = try layer.forward(single, context: context).values
    stateful.resetState()
    #expect(try layer.forward(single, context: context).values == carried)
  }
}
