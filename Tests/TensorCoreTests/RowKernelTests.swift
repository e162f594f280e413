import Foundation
import TensorKernels
import Testing

@testable import TensorCore

/// The row kernels of TensorKernels/Softmax.c: right against a Double reference, and the same bits
/// on every instruction set this CPU has.
@Suite(.serialized) struct RowKernelTests {
  static let widths = [1, 2, 17, 64, 1000]

  func logits(_ width: Int, seed: UInt64) -> [Float] {
    var rng = RNG(seed: seed)
    return (0..<width).map { _ in rng.uniform(-8, 8) }
  }

  struct Row: Equatable {
    var loss: Double
    var argmax: Int
    var gradient: [Float]
  }

  func crossEntropy(_ x: [Float], target: Int, scale: Float) -> Row {
    var row = Row(loss: 0, argmax: -1, gradient: [Float](repeating: 0, count: x.count))
    row.loss = tk_cross_entropy_row(x, x.count, target, scale, &row.gradient, &row.argmax)
    return row
  }

  @Test(arguments: widths) func crossEntropyMatchesDoublePrecision(width: Int) {
    let x = logits(width, seed: UInt64(width))
    let target = width / 3
    let row = crossEntropy(x, target: target, scale: 0.5)
    let top = x.map(Double.init).max()!
    let sum = x.reduce(0.0) { $0 + exp(Double($1) - top) }
    #expect(abs(row.loss - (top + log(sum) - Double(x[target]))) < 1e-5)
    #expect(row.argmax == x.firstIndex(of: x.max()!))
    for j in 0..<width {
      let expected = 0.5 * (exp(Double(x[j]) - top) / sum - (j == target ? 1 : 0))
      #expect(abs(Double(row.gradient[j]) - expected) < 1e-6, "column \(j)")
    }
  }

  @Test func farApartLogitsStayFinite() {
    let row = crossEntropy([0, -1000, -87, -88, 50], target: 1, scale: 1)
    #expect(row.gradient.allSatisfy(\.isFinite) && row.loss.isFinite && row.argmax == 4)
    #expect(abs(row.loss - 1050) < 1e-3)
  }

  @Test func argmaxTakesTheFirstOfEqualLogits() {
    #expect(crossEntropy([1, 3, 2, 3], target: 0, scale: 1).argmax == 1)
  }

  /// The first index of the largest logit, wherever it sits among the groups of 16 the kernels
  /// compare at once, with a second copy of it further on, on every instruction set.
  @Test func argmaxIsTheFirstLargestAtEveryPosition() {
    let width = 70
    for position in 0..<width {
      var x = logits(width, seed: 90)
      x[position] = 9
      if position + 17 < width { x[position + 17] = 9 }
      let found = onEveryInstructionSet { _ in crossEntropy(x, target: 0, scale: 1).argmax }
      #expect(found.allSatisfy { $0 == position }, "largest logit at \(position)")
    }
  }

  @Test(arguments: widths) func everyInstructionSetGivesTheSameBits(width: Int) {
    let x = logits(width, seed: 40 + UInt64(width))
    let rows = onEveryInstructionSet { _ in crossEntropy(x, target: 0, scale: 1) }
    #expect(Set(rows.map(\.gradient)).count == 1 && Set(rows.map(\.loss)).count == 1)
    let logSoftmax = onEveryInstructionSet { _ -> [Float] in
      var out = [Float](repeating: 0, count: width)
      tk_log_softmax_row(x, width, &out)
      return out
    }
    #expect(Set(logSoftmax).count == 1)
    let total = logSoftmax[0].reduce(0.0) { $0 + exp(Double($1)) }
    #expect(abs(total - 1) < 1e-5)
  }

  @Test(arguments: widths) func logSoftmaxRowsInPlaceAreTheRowKernelsBits(width: Int) {
    let (rows, ld) = (3, width + 5)
    let x = logits(rows * ld, seed: 60 + UInt64(width))
    let offsets: [Float] = [-0.75, -2.5, -0.125, 9, 9, 9]  // every second one is read (stride 2)
    var expected = x
    var plain = x
    for r in 0..<rows {
      var out = [Float](repeating: 0, count: width)
      tk_log_softmax_row(Array(x[(r * ld)..<(r * ld + width)]), width, &out)
      for j in 0..<width {
        plain[r * ld + j] = out[j]
        expected[r * ld + j] = out[j] + offsets[2 * r]
      }
    }
    let results = onEveryInstructionSet { _ -> [[Float]] in
      var (shifted, unshifted) = (x, x)
      tk_log_softmax_rows(rows, width, &shifted, ld, offsets, 2)
      tk_log_softmax_rows(rows, width, &unshifted, ld, nil, 0)
      return [shifted, unshifted]
    }
    #expect(results.allSatisfy { $0 == [expected, plain] })
  }

  @Test func columnSumsAddRowsInOrder() {
    let x = logits(5 * 7, seed: 9)
    var expected = [Float](repeating: 1, count: 7)
    for r in 0..<5 {
      for j in 0..<7 { expected[j] += x[r * 7 + j] }
    }
    let sums = onEveryInstructionSet { _ -> [Float] in
      var out = [Float](repeating: 1, count: 7)
      tk_add_column_sums(5, 7, x, 7, &out)
      return out
    }
    #expect(sums.allSatisfy { $0 == expected })
  }
}
