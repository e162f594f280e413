import LayerKit
import TensorCore
import Testing

@testable import ReplEngine

/// The example plugins' backward passes, checked through the C ABI with LayerKit's
/// finite-difference `GradientCheck` (the checker the built-in layers use), on padded batches.
@Suite("Plugin gradients")
struct PluginGradientTests {
  /// One layer configuration: a model-spec segment and whether the input is one vector per example.
  struct Case: CustomStringConvertible, Sendable {
    var spec: String
    var vector = false
    var description: String { spec + (vector ? " (vector input)" : "") }
  }

  static let cases = [
    Case(spec: "swish"), Case(spec: "swish beta=2.5", vector: true), Case(spec: "gated"),
    Case(spec: "gated gate_bias=-0.5", vector: true),
  ]

  @Test(arguments: cases)
  func gradientsMatchFiniteDifferences(_ c: Case) throws {
    let session = try Support.sessionWithExamples()
    let sequence = GradientCheck.randomSequence(lengths: [4, 1, 3], time: 4, features: 5)
    let input =
      c.vector
      ? Activation(values: sequence.values.reshaped([12, 5]), lengths: Array(repeating: 1, count: 12)) : sequence
    let shape: FeatureShape = c.vector ? .vector(5) : .sequence(5)
    let checked = try Support.network(c.spec, session, width: 5, input: shape).layers[0].layer
    let result = try GradientCheck.check(checked, input: input, epsilon: 1e-2)
    for (key, error) in result.errors { #expect(error < 2e-3, "\(c): \(key) max error \(error)") }
    #expect(result.errors.map(\.key) == checked.parameters.map(\.0) + ["input"])
    #expect(result.paddingOutputMax == 0)
    #expect(result.paddingInputGradientMax == 0)
  }
}
