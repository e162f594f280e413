import TensorCore
import Testing

@testable import Training

@Suite struct LossTests {
  @Test func softmaxCrossEntropyValueAndGradient() {
    // logits [0, ln 3] → p = [0.25, 0.75]; label 1: loss −ln 0.75, grad [0.25, −0.25]
    let logits = Tensor(shape: [1, 2], data: [0, Float(log(3.0))])
    let r = Loss.softmaxCrossEntropy(logits: logits, labels: [1])
    #expect(abs(r.loss - -log(0.75)) < 1e-6)
    #expect(abs(r.gradient.data[0] - 0.25) < 1e-6 && abs(r.gradient.data[1] + 0.25) < 1e-6)
    #expect(r.correct == 1)
  }

  @Test func meanOverBatchAndStableForLargeLogits() {
    let logits = Tensor(shape: [2, 2], data: [1000, 0, 0, 1000])
    let r = Loss.softmaxCrossEntropy(logits: logits, labels: [0, 0])
    #expect(r.loss.isFinite)
    #expect(abs(r.loss - 500) < 1e-3)
    #expect(abs(r.gradient.data[2] - -0.5) < 1e-6 && abs(r.gradient.data[3] - 0.5) < 1e-6)
  }

  @Test func sequenceLossCountsOnlyRealPositions() {
    // batch 2, time 2, vocab 2; example 1 has one real step, so its second position is padding.
    let logits = Tensor(shape: [2, 2, 2], data: [0, 0, 0, 0, 0, 0, 9, 9])
    let r = Loss.sequenceCrossEntropy(logits: logits, targets: [0, 1, 1, 0], lengths: [2, 1])
    #expect(r.count == 3)
    #expect(abs(r.loss - log(2.0)) < 1e-6)
    #expect(r.gradient.data[6] == 0 && r.gradient.data[7] == 0)
    #expect(abs(r.gradient.data[0] - (0.5 - 1) / 3) < 1e-6)
  }
}

#if canImport(Glibc)
  import Glibc
#endif
