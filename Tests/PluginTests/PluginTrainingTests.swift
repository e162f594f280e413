import LayerKit
import TensorCore
import Testing

@testable import ReplEngine

@Suite("Plugin training")
struct PluginTrainingTests {
  @Test("SGD towards a teacher network of both plugin layers lowers the loss and moves every parameter")
  func sgdLowersLoss() throws {
    let session = try Support.sessionWithExamples()
    let network = try Support.network("swish | gated gate_bias=0", session, width: 4)
    let input = Support.batch(lengths: [3, 2, 1], time: 3, width: 4)
    let teacher = try Support.network("swish beta=2 | gated gate_bias=0", session, width: 4, seed: 99)
    let target = try teacher.forward(input, context: LayerContext(training: false)).values
    let initial = network.parameters.map(\.1.value)
    var losses: [Double] = []
    for _ in 0..<60 { losses.append(try Support.sgdStep(network, input, target, lr: 10)) }
    #expect(losses[59] < losses[0] * 0.3, "\(losses[0]) → \(losses[59])")
    for (before, (key, p)) in zip(initial, network.parameters) { #expect(p.value != before, "\(key)") }
  }

  @Test("a frozen plugin parameter gets gradients but the optimizer's view excludes it")
  func freezing() throws {
    let session = try Support.sessionWithExamples()
    let network = try Support.network("swish | gated", session)
    for (_, p) in network.layer(named: "swish")?.layer.parameters ?? [] { p.frozen = true }
    #expect(network.trainableParameters.map(\.0) == ["gated.weight", "gated.bias"])
    let input = Support.batch(lengths: [2], time: 2, width: 4)
    let beta = network.parameters[0].1.value
    _ = try Support.sgdStep(network, input, Tensor(shape: [1, 2, 4]), lr: 0.5)
    #expect(network.parameters[0].1.value == beta)
  }
}
