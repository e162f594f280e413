import LayerKit
import TensorCore
import Testing

/// AWD-LSTM's regularisation as layer options: gradient checks with the masks fixed (every
/// forward of a check draws from the same seed), what each mask drops, and bad rates.
@Suite struct AWDRegularisationTests {
  static let recurrentCases: [(String, [(String, String)])] = ["lstm", "gru"].flatMap { type in
    [
      (type, [("input_p", "0.4")]), (type, [("layers", "2"), ("hidden_p", "0.4")]), (type, [("output_p", "0.4")]),
      (type, [("weight_p", "0.5")]),
      (type, [("layers", "2"), ("input_p", "0.2"), ("hidden_p", "0.3"), ("output_p", "0.2"), ("weight_p", "0.4")]),
    ]
  }

  @Test(arguments: 0..<recurrentCases.count)
  func recurrentDropoutGradientsMatchFiniteDifferences(_ index: Int) throws {
    let (type, options) = Self.recurrentCases[index]
    let layer = try LayerTestSupport.build(type, [("hidden", "4")] + options, input: .sequence(3))
    let input = GradientCheck.randomSequence(lengths: [4, 2, 5], time: 5, features: 3)
    let result = try GradientCheck.check(layer, input: input, training: true, epsilon: 1e-2)
    for (key, error) in result.errors { #expect(error < 2e-3, "\(type) \(options): \(key) max error \(error)") }
    #expect(result.errors.count == layer.parameters.count + 1)
    #expect(result.paddingOutputMax == 0 && result.paddingInputGradientMax == 0)
  }

  @Test func embeddingDropoutGradientsMatchFiniteDifferences() throws {
    let layer = try LayerTestSupport.build(
      "embedding", [("dim", "4"), ("embed_p", "0.5")], input: .tokens(vocabulary: 9))
    let input = GradientCheck.randomTokens(lengths: [5, 3], time: 5, vocabulary: 9)
    let result = try GradientCheck.check(layer, input: input, training: true, epsilon: 1e-2)
    for (key, error) in result.errors { #expect(error < 2e-3, "\(key) max error \(error)") }
  }

  /// A word is dropped everywhere in the batch or nowhere, and kept rows are scaled by 1/(1−p).
  @Test func embeddingDropoutDropsWholeWords() throws {
    let layer = try LayerTestSupport.build(
      "embedding", [("dim", "3"), ("embed_p", "0.5")], input: .tokens(vocabulary: 40))
    let ids = (0..<80).map { Int32(1 + $0 % 39) }
    let input = Activation(tokens: ids, batch: 2, time: 40, lengths: [40, 40])
    let plain = try layer.forward(input, context: LayerContext(training: false)).values
    let dropped = try layer.forward(input, context: LayerContext(training: true, seed: 4)).values
    var scaleOf: [Int32: Float] = [:]
    for (i, id) in ids.enumerated() {
      for k in 0..<3 {
        let ratio = dropped.data[i * 3 + k] / plain.data[i * 3 + k]
        #expect(abs(ratio - (scaleOf[id] ?? ratio)) < 1e-5)
        scaleOf[id] = ratio
      }
    }
    #expect(Set(scaleOf.values.map { ($0 * 100).rounded() }) == [0, 200])
  }

  /// Locked dropout: one mask per sequence and feature, the same at every step.
  @Test func outputDropoutIsLockedOverTime() throws {
    let layer = try LayerTestSupport.build("lstm", [("hidden", "6"), ("output_p", "0.5")], input: .sequence(3))
    let input = GradientCheck.randomSequence(lengths: [7, 7], time: 7, features: 3)
    let y = try layer.forward(input, context: LayerContext(training: true, seed: 2)).values
    for b in 0..<2 {
      for k in 0..<6 {
        let zeros = (0..<7).filter { y.data[(b * 7 + $0) * 6 + k] == 0 }.count
        #expect(zeros == 0 || zeros == 7, "feature \(k) of sequence \(b) dropped at \(zeros) of 7 steps")
      }
    }
    #expect(y.data.contains(0))
  }

  @Test(arguments: ["input_p", "hidden_p", "output_p", "weight_p", "dropout"])
  func recurrentRatesOutsideTheUnitIntervalAreErrors(_ option: String) {
    for bad in ["1", "-0.1", "1.5"] {
      #expect {
        _ = try LayerTestSupport.build("lstm", [(option, bad)], input: .sequence(3))
      } throws: { error in
        "\(error)" == "option '\(option)=' expects a probability in [0, 1), got '\(bad)'"
      }
    }
  }

  @Test func embeddingRateOutsideTheUnitIntervalIsAnError() {
    #expect {
      _ = try LayerTestSupport.build("embedding", [("embed_p", "1")], input: .tokens(vocabulary: 9))
    } throws: { error in
      "\(error)" == "option 'embed_p=' expects a probability in [0, 1), got '1'"
    }
  }
}
