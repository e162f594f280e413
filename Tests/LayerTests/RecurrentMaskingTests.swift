import LayerKit
import TensorCore
import Testing

/// Padding never changes what a recurrent layer computes for the real tokens, in either direction.
@Suite struct RecurrentMaskingTests {
  /// Each example of a padded batch gives exactly the outputs it gives alone and unpadded, so
  /// the state stops at the last real token and the reverse direction starts there.
  @Test(arguments: ["lstm", "gru"])
  func paddedBatchMatchesEachExampleAlone(_ type: String) throws {
    let lengths = [3, 6, 1, 6]
    let (time, features) = (6, 4)
    let layer = try LayerTestSupport.build(
      type, [("hidden", "9"), ("layers", "2"), ("bidirectional", "yes")], input: .sequence(features))
    let batch = GradientCheck.randomSequence(lengths: lengths, time: time, features: features)
    let together = try layer.forward(batch, context: LayerContext(training: false))
    let width = layer.outputShape.width
    for (b, length) in lengths.enumerated() {
      let slice = Array(batch.values.data[(b * time * features)..<((b * time + length) * features)])
      let alone = try layer.forward(
        Activation(values: Tensor(shape: [1, length, features], data: slice), lengths: [length]),
        context: LayerContext(training: false))
      for i in 0..<(length * width) {
        #expect(abs(together.values.data[b * time * width + i] - alone.values.data[i]) < 1e-6, "\(type) example \(b)")
      }
    }
  }

  /// Training and inference forwards agree when there is no dropout.
  @Test(arguments: ["lstm", "gru"])
  func trainingAndInferenceAgree(_ type: String) throws {
    let layer = try LayerTestSupport.build(type, [("hidden", "12")], input: .sequence(5))
    let batch = GradientCheck.randomSequence(lengths: [7, 3], time: 7, features: 5)
    let inference = try layer.forward(batch, context: LayerContext(training: false))
    let training = try layer.forward(batch, context: LayerContext(training: true))
    #expect(inference.values == training.values)
  }

  /// Bad options and shapes give one-line errors naming the option or the fix.
  @Test func badOptionsAndShapesAreErrors() throws {
    #expect(throws: (any Error).self) { try LayerTestSupport.build("lstm", [("dropout", "1")], input: .sequence(3)) }
    #expect(throws: (any Error).self) { try LayerTestSupport.build("gru", [("hidden", "0")], input: .sequence(3)) }
    do {
      _ = try LayerTestSupport.build("lstm", [], input: .vector(8))
      Issue.record("an lstm after a pool layer must be rejected")
    } catch {
      #expect("\(error)".contains("before the pool layer"))
    }
    do {
      _ = try LayerTestSupport.build("gru", [("hidden", "2000000")], input: .sequence(3))
      Issue.record("a gru too large for memory must be rejected")
    } catch {
      #expect("\(error)".contains("hidden="))
    }
  }

  /// Backward after an inference forward recomputes the caches and gives the same gradients as
  /// after a training forward; backward before any forward is an error, not a crash.
  @Test(arguments: ["lstm", "gru"])
  func backwardAfterInferenceForward(_ type: String) throws {
    let layer = try LayerTestSupport.build(type, [("hidden", "3"), ("bidirectional", "yes")], input: .sequence(2))
    #expect(throws: LayerError.self) {
      try layer.backward(Tensor(shape: [1, 2, 6]), context: LayerContext(training: false))
    }
    let batch = GradientCheck.randomSequence(lengths: [2, 1], time: 2, features: 2)
    let gradOutput = GradientCheck.randomSequence(lengths: [2, 1], time: 2, features: 6, seed: 8).values
    var gradients: [[Tensor]] = []
    for training in [true, false] {
      for (_, p) in layer.parameters { p.zeroGrad() }
      _ = try layer.forward(batch, context: LayerContext(training: training))
      let dx = try layer.backward(gradOutput, context: LayerContext(training: training))
      gradients.append([dx] + layer.parameters.map(\.1.grad))
    }
    #expect(gradients[0] == gradients[1])
    #expect(gradients[0][0].norm > 0)
  }
}
