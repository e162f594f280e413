import LayerKit
import TensorCore
import Testing

/// Fixed-input behaviour the gradient checks and parity fixtures do not pin down.
@Suite struct LayerBehaviourTests {
  @Test func dropoutDropsAboutPAndScalesTheRestInTrainingOnly() throws {
    let layer = try LayerTestSupport.build("dropout", [("p", "0.25")], input: .vector(1000))
    let x = Activation(values: Tensor(shape: [4, 1000], repeating: 1), lengths: [1, 1, 1, 1])
    let y = try layer.forward(x, context: LayerContext(training: true, seed: 3)).values
    let dropped = y.data.filter { $0 == 0 }.count
    #expect(abs(Double(dropped) / 4000 - 0.25) < 0.03)
    #expect(y.data.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
    let again = try layer.forward(x, context: LayerContext(training: true, seed: 3)).values
    #expect(again == y)
    #expect(try layer.forward(x, context: LayerContext(training: false)).values == x.values)
  }

  @Test func embeddingPaddingRowNeverGetsAGradient() throws {
    let layer = try LayerTestSupport.build("embedding", [("dim", "3")], input: .tokens(vocabulary: 5))
    let x = Activation(tokens: [0, 2, 2, 4, 0, 0], batch: 2, time: 3, lengths: [3, 1])
    let y = try layer.forward(x, context: LayerContext(training: true))
    #expect(y.values.data[0..<3].allSatisfy { $0 == 0 })
    _ = try layer.backward(Tensor(shape: [2, 3, 3], repeating: 1), context: LayerContext(training: true))
    let grad = layer.parameters[0].1.grad
    #expect(grad.data[0..<3].allSatisfy { $0 == 0 })
    #expect(grad.data[6..<9].allSatisfy { $0 == 2 })  // id 2 twice
    #expect(grad.data[12..<15].allSatisfy { $0 == 1 })  // id 4 once
  }

  @Test func poolLastTakesTheLastRealStep() throws {
    let layer = try LayerTestSupport.build("pool", [("mode", "last")], input: .sequence(1))
    let x = Activation(values: Tensor(shape: [2, 3, 1], data: [1, 2, 3, 4, 5, 6]), lengths: [3, 2])
    #expect(try layer.forward(x, context: LayerContext(training: false)).values.data == [3, 5])
    let concat = try LayerTestSupport.build("pool", [("mode", "concat")], input: .sequence(1))
    #expect(try concat.forward(x, context: LayerContext(training: false)).values.data == [3, 3, 2, 5, 5, 4.5])
  }

  @Test func transformerRefusesSequencesLongerThanMaxlen() throws {
    let layer = try LayerTestSupport.build("transformer", [("heads", "1"), ("maxlen", "2")], input: .sequence(4))
    let x = GradientCheck.randomSequence(lengths: [3], time: 3, features: 4)
    #expect(throws: LayerError.self) { try layer.forward(x, context: LayerContext(training: false)) }
  }
}
