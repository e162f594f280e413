import LayerKit
import TensorCore
import Testing

/// Finite-difference gradient checks of `lstm` and `gru`: 1 and 2 layers, one and two
/// directions, dropout between layers, on a padded batch of unsorted lengths, for every
/// parameter and the input.
@Suite struct RecurrentGradientTests {
  /// One configuration to check.
  struct Case: CustomStringConvertible, Sendable {
    var type: String
    var hidden = 4
    var layers = 1
    var bidirectional = false
    var dropout: String?
    var description: String {
      "\(type) hidden=\(hidden) layers=\(layers) bidirectional=\(bidirectional)"
        + (dropout.map { " dropout=\($0)" } ?? "")
    }
    var options: [(String, String)] {
      [("hidden", "\(hidden)"), ("layers", "\(layers)"), ("bidirectional", bidirectional ? "yes" : "no")]
        + (dropout.map { [("dropout", $0)] } ?? [])
    }
  }

  static let lengths = [4, 2, 5]
  static let time = 5
  static let features = 3

  static let cases: [Case] = ["lstm", "gru"].flatMap { type in
    [
      Case(type: type), Case(type: type, bidirectional: true), Case(type: type, layers: 2),
      Case(type: type, layers: 2, bidirectional: true), Case(type: type, hidden: 10),
      Case(type: type, layers: 2, bidirectional: true, dropout: "0.3"),
    ]
  }

  @Test(arguments: cases)
  func gradientsMatchFiniteDifferences(_ c: Case) throws {
    let input = GradientCheck.randomSequence(lengths: Self.lengths, time: Self.time, features: Self.features)
    let layer = try LayerTestSupport.build(c.type, c.options, input: .sequence(Self.features))
    let result = try GradientCheck.check(layer, input: input, training: c.dropout != nil, epsilon: 1e-2)
    for (key, error) in result.errors {
      #expect(error < 2e-3, "\(c): \(key) max error \(error)")
    }
    #expect(result.errors.count == layer.parameters.count + 1)
    #expect(result.paddingOutputMax == 0, "\(c): nonzero output at padding")
    #expect(result.paddingInputGradientMax == 0, "\(c): nonzero input gradient at padding")
  }

  /// PyTorch's parameter names and shapes, in its order.
  @Test func parametersUsePyTorchNamesAndLayouts() throws {
    let lstm = try LayerTestSupport.build(
      "lstm", [("hidden", "5"), ("layers", "2"), ("bidirectional", "yes")], input: .sequence(3))
    #expect(
      lstm.parameters.map(\.0).prefix(5) == [
        "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
      ])
    #expect(lstm.parameters.count == 16)
    let shapes = Dictionary(uniqueKeysWithValues: lstm.parameters.map { ($0.0, $0.1.value.shape) })
    #expect(shapes["weight_ih_l0"] == [20, 3])
    #expect(shapes["weight_hh_l0_reverse"] == [20, 5])
    #expect(shapes["weight_ih_l1"] == [20, 10])
    #expect(shapes["bias_hh_l1_reverse"] == [20])
    #expect(lstm.outputShape == .sequence(10))
    let gru = try LayerTestSupport.build("gru", [("hidden", "5")], input: .sequence(3))
    #expect(gru.parameters.map { $0.1.value.shape } == [[15, 3], [15, 5], [15], [15]])
    let bound = 1 / Float(5).squareRoot()
    for (_, p) in gru.parameters { #expect(p.value.data.allSatisfy { abs($0) <= bound }) }
  }
}
