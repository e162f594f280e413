import BuiltinLayers
import LayerKit
import TensorCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `transformer positions=learned|sinusoidal|none`: what each adds to the input and which
/// parameters it has.
@Suite struct TransformerPositionsTests {
  /// A block of width 4; the same seed gives the same weights whatever `positions` is.
  static func block(_ positions: String, maxlen: String = "8") throws -> any Layer {
    try LayerTestSupport.build(
      "transformer", [("heads", "2"), ("ff", "8"), ("dropout", "0"), ("maxlen", maxlen), ("positions", positions)],
      input: .sequence(4))
  }

  @Test func onlyLearnedPositionsAreAParameter() throws {
    #expect(try Self.block("learned").parameters.map(\.0).last == "pos_embedding")
    for kind in ["sinusoidal", "none"] {
      let keys = try Self.block(kind).parameters.map(\.0)
      #expect(!keys.contains("pos_embedding") && keys.count == 12, "\(kind): \(keys)")
    }
  }

  /// `positions=sinusoidal` on x equals `positions=none` on x + the table of Vaswani et al.
  /// (width 4: sin t, cos t, sin t/100, cos t/100).
  @Test func theSinusoidalTableIsVaswanis() throws {
    let input = GradientCheck.randomSequence(lengths: [6, 3], time: 6, features: 4)
    var shifted = input
    for b in 0..<2 {
      for t in 0..<input.lengths[b] {
        let row = [sin(Double(t)), cos(Double(t)), sin(Double(t) / 100), cos(Double(t) / 100)].map { Float($0) }
        for j in 0..<4 { shifted.values.data[(b * 6 + t) * 4 + j] += row[j] }
      }
    }
    let context = LayerContext(training: false)
    let a = try Self.block("sinusoidal").forward(input, context: context).values
    let b = try Self.block("none").forward(shifted, context: context).values
    #expect(a == b)
  }

  /// Positions change the output; without them a block sees a reversed sequence as reversed.
  @Test func positionsChangeTheOutputAndNoneIsOrderFree() throws {
    let input = GradientCheck.randomSequence(lengths: [4], time: 4, features: 4)
    let context = LayerContext(training: false)
    let none = try Self.block("none")
    let sinusoidal = try Self.block("sinusoidal")
    let a = try none.forward(input, context: context).values
    let b = try sinusoidal.forward(input, context: context).values
    #expect(a != b)
    var reversed = input
    for t in 0..<4 {
      for j in 0..<4 { reversed.values.data[t * 4 + j] = input.values.data[(3 - t) * 4 + j] }
    }
    let r = try none.forward(reversed, context: context).values
    for t in 0..<4 {
      for j in 0..<4 { #expect(abs(r.data[t * 4 + j] - a.data[(3 - t) * 4 + j]) < 1e-5) }
    }
  }

  @Test func withoutPositionsAnyLengthIsAccepted() throws {
    let input = GradientCheck.randomSequence(lengths: [6], time: 6, features: 4)
    #expect(throws: LayerError.self) {
      try Self.block("learned", maxlen: "4").forward(input, context: LayerContext(training: false))
    }
    _ = try Self.block("none", maxlen: "4").forward(input, context: LayerContext(training: false))
  }
}
