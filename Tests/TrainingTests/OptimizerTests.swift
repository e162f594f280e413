import LayerKit
import TensorCore
import Testing

@testable import Training

@Suite struct OptimizerTests {
  /// A one-element parameter with value `w` and gradient `g`.
  func parameter(_ w: Float, grad g: Float) -> Parameter {
    let p = Parameter(Tensor(shape: [1], data: [w]))
    p.grad = Tensor(shape: [1], data: [g])
    return p
  }

  @Test func sgdPlainAndMomentum() {
    let plain = parameter(1, grad: 0.5)
    Optimizer(settings: OptimizerSettings(kind: .sgd, momentum: 0)).step([plain], rates: [0.1])
    #expect(abs(plain.value.data[0] - 0.95) < 1e-7)
    // momentum 0.9: v1 = 0.5, w = 0.95; v2 = 0.9·0.5 + 0.5 = 0.95, w = 0.95 − 0.095 = 0.855
    let p = parameter(1, grad: 0.5)
    let sgd = Optimizer(settings: OptimizerSettings(kind: .sgd, momentum: 0.9))
    sgd.step([p], rates: [0.1])
    sgd.step([p], rates: [0.1])
    #expect(abs(p.value.data[0] - 0.855) < 1e-6)
  }

  @Test func sgdWeightDecayAddsToGradient() {
    // g' = 0.5 + 0.1·2 = 0.7; w = 2 − 0.1·0.7 = 1.93
    let p = parameter(2, grad: 0.5)
    Optimizer(settings: OptimizerSettings(kind: .sgd, momentum: 0, weightDecay: 0.1)).step([p], rates: [0.1])
    #expect(abs(p.value.data[0] - 1.93) < 1e-6)
  }

  @Test func adamTwoSteps() {
    // step 1: m̂ = g, v̂ = g², w = 1 − 0.1·0.5/0.5 = 0.9
    // step 2 (g = 0.25): m = 0.07, v = 0.00031225, m̂ = 0.07/0.19, v̂ = 0.00031225/0.001999,
    //   w = 0.9 − 0.1·0.3684211/0.3952248 = 0.8067819
    let p = parameter(1, grad: 0.5)
    let adam = Optimizer(settings: OptimizerSettings(kind: .adam))
    adam.step([p], rates: [0.1])
    #expect(abs(p.value.data[0] - 0.9) < 1e-6)
    p.grad = Tensor(shape: [1], data: [0.25])
    adam.step([p], rates: [0.1])
    #expect(abs(p.value.data[0] - 0.8067819) < 2e-6)
  }

  @Test func adamwDecaysWeightsDecoupled() {
    // w = 1·(1 − 0.1·0.1) − 0.1·sign(g) = 0.99 − 0.1 = 0.89
    let p = parameter(1, grad: 0.5)
    Optimizer(settings: OptimizerSettings(kind: .adamw, weightDecay: 0.1)).step([p], rates: [0.1])
    #expect(abs(p.value.data[0] - 0.89) < 1e-6)
  }

  /// Every kind, three steps over a parameter large enough to be cut across threads: the same bits
  /// with two (and three) threads as with one.
  @Test(arguments: OptimizerKind.allCases) func threadsGiveTheSameBits(kind: OptimizerKind) {
    let count = ElementwiseSplit.minimumCount * 2 + 37
    var random = RNG(seed: 7)
    let start = (0..<count).map { _ in random.uniform(-0.5, 0.5) }
    let grads = (0..<3).map { _ in (0..<count).map { _ in random.uniform(-0.01, 0.01) } }
    let finals = [1, 2, 3].map { threads -> [Float] in
      let p = Parameter(Tensor(shape: [count], data: start))
      let optimizer = Optimizer(settings: OptimizerSettings(kind: kind, weightDecay: 0.01))
      for g in grads {
        p.grad = Tensor(shape: [count], data: g)
        optimizer.step([p], rates: [1e-3], threads: threads)
      }
      return p.value.data
    }
    #expect(finals[0].map(\.bitPattern) == finals[1].map(\.bitPattern))
    #expect(finals[0].map(\.bitPattern) == finals[2].map(\.bitPattern))
    #expect(finals[0] != start)
  }

  /// A value that is not finite is found wherever it sits, with the gradient checked in one part
  /// or in several at once.
  @Test(arguments: [1, 2]) func nonFiniteGradientsAreFoundInEveryPart(threads: Int) {
    let count = ElementwiseSplit.minimumCount * 2
    for (position, bad) in [(0, Float.nan), (count / 2 + 3, .infinity), (count - 1, -.infinity)] {
      var g = [Float](repeating: 0.5, count: count)
      let clean = Parameter(Tensor(shape: [count], data: g))
      clean.grad = Tensor(shape: [count], data: g)
      g[position] = bad
      let p = Parameter(Tensor(shape: [count], data: g))
      p.grad = Tensor(shape: [count], data: g)
      #expect(Optimizer.gradientsAreFinite([clean], threads: threads))
      #expect(!Optimizer.gradientsAreFinite([clean, p], threads: threads), "\(bad) at \(position)")
    }
  }

  @Test func frozenParametersAreSkipped() {
    let p = parameter(1, grad: 0.5)
    p.frozen = true
    Optimizer(settings: OptimizerSettings(kind: .adam)).step([p], rates: [0.1])
    #expect(p.value.data[0] == 1)
  }

  @Test func globalNormClipping() {
    let a = parameter(0, grad: 3)
    let b = parameter(0, grad: 4)
    let norm = Optimizer.gradientNorm([a, b])
    #expect(norm == 5)
    Optimizer.clip([a, b], norm: norm, maxNorm: 1)
    #expect(abs(a.grad.data[0] - 0.6) < 1e-6 && abs(b.grad.data[0] - 0.8) < 1e-6)
    Optimizer.clip([a, b], norm: 1, maxNorm: 2)
    #expect(abs(a.grad.data[0] - 0.6) < 1e-6)
  }

  @Test func stlrValues() {
    // T = 100: cut = 10; lr/32 at 0 and at the end, lr at the cut, half-way up at 5 and down at 55.
    let s = Schedule.stlr
    #expect(s.multiplier(step: 0, total: 100) == 1.0 / 32)
    #expect(s.multiplier(step: 10, total: 100) == 1)
    #expect(abs(s.multiplier(step: 5, total: 100) - 16.5 / 32) < 1e-12)
    #expect(abs(s.multiplier(step: 55, total: 100) - 16.5 / 32) < 1e-12)
    #expect(abs(s.multiplier(step: 100, total: 100) - 1.0 / 32) < 1e-12)
  }

  @Test func oneCycleAndConstantValues() {
    let s = Schedule.onecycle
    #expect(abs(s.multiplier(step: 0, total: 100) - 1.0 / 25) < 1e-12)
    #expect(abs(s.multiplier(step: 25, total: 100) - 1) < 1e-12)
    #expect(abs(s.multiplier(step: 100, total: 100) - 1.0 / 25e4) < 1e-12)
    #expect(s.multiplier(step: 60, total: 100) < s.multiplier(step: 40, total: 100))
    #expect(Schedule.constant.multiplier(step: 7, total: 10) == 1)
  }

  @Test func discriminativeRatesDivideByDecayPerGroup() throws {
    let model = try Fixture.classifier()
    let groups = LayerGroups(network: model.network)
    #expect(groups.groups.count == 3)
    let rates = groups.rates(base: 0.01, decay: 2.6)
    #expect(rates[2] == 0.01)
    #expect(abs(rates[1] - 0.01 / 2.6) < 1e-15 && abs(rates[0] - 0.01 / 2.6 / 2.6) < 1e-15)
  }
}
