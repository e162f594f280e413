import LayerKit
import TensorCore
import Testing

/// The adaptive softmax's training path (`targetLoss`): finite differences, agreement with its own
/// full log-probabilities, the exact arg-max count, PyTorch's layout, and its bad options.
@Suite struct AdaptiveSoftmaxTests {
  static let lengths = [5, 2, 4]
  static let time = 5

  /// An adaptive layer on `features`-wide sequences, and a padded batch with targets at the real
  /// positions that fall in the head and in every cluster.
  static func setup(_ options: [(String, String)], features: Int = 8, classes: Int) throws -> (
    layer: any TargetLossLayer, input: Activation, rows: [(row: Int, target: Int32)]
  ) {
    let layer = try LayerTestSupport.build("adaptive", options + [("out", "\(classes)")], input: .sequence(features))
    let input = GradientCheck.randomSequence(lengths: lengths, time: time, features: features)
    var rows: [(row: Int, target: Int32)] = []
    for b in lengths.indices {
      for t in 0..<lengths[b] { rows.append((b * time + t, Int32((rows.count * 7 + 1) % classes))) }
    }
    return (try #require(layer as? any TargetLossLayer), input, rows)
  }

  /// The mean loss of `rows` in Double.
  static func loss(_ layer: any TargetLossLayer, _ input: Activation, _ rows: [(row: Int, target: Int32)]) throws
    -> Double
  {
    try layer.targetLoss(input, rows: rows, context: LayerContext(training: true)).loss
  }

  @Test(arguments: [
    [("cutoffs", "3,6"), ("div_value", "2")], [("cutoffs", "2,4,7"), ("div_value", "1.5"), ("head_bias", "yes")],
  ])
  func targetLossGradientsMatchFiniteDifferences(_ options: [(String, String)]) throws {
    let (layer, input, rows) = try Self.setup(options, classes: 10)
    for (_, p) in layer.parameters { p.zeroGrad() }
    _ = try layer.targetLoss(input, rows: rows, context: LayerContext(training: true))
    let inputGrad = try layer.backwardTargetLoss(context: LayerContext(training: true))
    for (key, p) in layer.parameters {
      for i in 0..<p.count {
        // swift-format-ignore: OnlyOneTrailingClosureArgument
        let numeric = try Self.centralDifference({ p.value.data[i] }, { p.value.data[i] = $0 }) {
          try Self.loss(layer, input, rows)
        }
        #expect(abs(numeric - Double(p.grad.data[i])) < 2e-3, "\(key)[\(i)]: \(p.grad.data[i]) vs \(numeric)")
      }
    }
    var x = input
    for i in 0..<x.values.count {
      // swift-format-ignore: OnlyOneTrailingClosureArgument
      let numeric = try Self.centralDifference({ x.values.data[i] }, { x.values.data[i] = $0 }) {
        try Self.loss(layer, x, rows)
      }
      #expect(abs(numeric - Double(inputGrad.data[i])) < 2e-3, "input[\(i)]: \(inputGrad.data[i]) vs \(numeric)")
    }
  }

  /// `(L(v + ε) − L(v − ε)) / 2ε` for the value that `get` reads and `set` writes (restored after).
  static func centralDifference(
    _ get: () -> Float, _ set: (Float) -> Void, epsilon: Float = 1e-2, _ loss: () throws -> Double
  ) throws -> Double {
    let original = get()
    defer { set(original) }
    set(original + epsilon)
    let plus = try loss()
    set(original - epsilon)
    let minus = try loss()
    return (plus - minus) / (2 * Double(epsilon))
  }

  /// The training loss is the cross-entropy of the full log-probabilities, and `correct` counts
  /// exactly the rows whose target is their arg-max, also when many are.
  @Test(arguments: [0, 1, 2])
  func trainingLossAndAccuracyAgreeWithTheFullLogProbabilities(_ seed: Int) throws {
    let classes = 23
    let layer = try LayerTestSupport.build(
      "adaptive", [("cutoffs", "4,9,15"), ("div_value", "1"), ("out", "\(classes)")], input: .sequence(6),
      seed: UInt64(seed + 1))
    let scorer = try #require(layer as? any TargetLossLayer)
    for (_, p) in layer.parameters {  // large weights: sharp distributions, tail tokens often win
      for i in 0..<p.count { p.value.data[i] *= 6 }
    }
    let lengths = [Int](repeating: 40, count: 4)
    let input = GradientCheck.randomSequence(lengths: lengths, time: 40, features: 6, seed: UInt64(seed + 10))
    let logProb = try layer.forward(input, context: LayerContext(training: false)).values
    var rng = RNG(seed: UInt64(seed))
    var rows: [(row: Int, target: Int32)] = []
    var expectedLoss = 0.0
    var expectedCorrect = 0
    for row in 0..<160 {
      let lp = logProb.data[(row * classes)..<((row + 1) * classes)]
      let best = lp.indices.max { lp[$0] < lp[$1] || (lp[$0] == lp[$1] && $0 > $1) }! - row * classes
      let target = rng.below(2) == 0 ? best : rng.below(classes)  // half the rows right by construction
      rows.append((row, Int32(target)))
      expectedLoss -= Double(lp[row * classes + target])
      if target == best { expectedCorrect += 1 }
    }
    let result = try scorer.targetLoss(input, rows: rows, context: LayerContext(training: true))
    #expect(abs(result.loss - expectedLoss / 160) < 1e-4 * max(1, abs(result.loss)))
    #expect(result.correct == expectedCorrect)
    #expect(expectedCorrect > 50 && expectedCorrect < 160)
  }

  @Test func parametersHavePyTorchsNamesAndShapes() throws {
    let layer = try LayerTestSupport.build(
      "adaptive", [("cutoffs", "2000,6000"), ("out", "10000")], input: .sequence(256))
    let shapes = layer.parameters.map { "\($0.0) \($0.1.value.shape)" }
    #expect(
      shapes == [
        "head.weight [2002, 256]", "tail.0.0.weight [64, 256]", "tail.0.1.weight [4000, 64]",
        "tail.1.0.weight [16, 256]", "tail.1.1.weight [4000, 16]",
      ])
    #expect(layer.outputShape == .sequence(10000))
    let biased = try LayerTestSupport.build(
      "adaptive", [("cutoffs", "5,12"), ("div_value", "2"), ("out", "20"), ("head_bias", "yes")], input: .sequence(8))
    #expect(biased.parameters.map(\.0).prefix(2) == ["head.weight", "head.bias"])
  }

  @Test(arguments: [
    ("cutoffs", "6,3", "option 'cutoffs=6,3' is not strictly increasing (6 then 3)"),
    ("cutoffs", "3,3", "option 'cutoffs=3,3' is not strictly increasing"),
    ("cutoffs", "0,5", "option 'cutoffs=0,5' has 0; every cutoff must be at least 1"),
    ("cutoffs", "-2", "option 'cutoffs=-2' has -2"),
    ("cutoffs", "5,20", "option 'cutoffs=5,20' has 20, not below the vocabulary size 20"),
    ("cutoffs", "5,x", "option 'cutoffs=5,x' expects whole numbers"),
    ("div_value", "0", "option 'div_value=' expects a number > 0, got '0'"),
    ("div_value", "-1", "option 'div_value=' expects a number > 0"),
    ("div_value", "16", "option 'div_value=16' leaves tail cluster 0 no features"),
  ])
  func badOptionsAreOneLineErrorsNamingTheOption(_ key: String, _ value: String, _ message: String) throws {
    var options = [("out", "20"), (key, value)]
    if key != "cutoffs" { options.append(("cutoffs", "5,12")) }
    do {
      _ = try LayerTestSupport.build("adaptive", options, input: .sequence(8))
      Issue.record("\(key)=\(value) was accepted")
    } catch {
      let text = "\(error)"
      #expect(text.contains(message), "\(text)")
      #expect(!text.contains("\n"))
    }
  }

  @Test func theDefaultCutoffsNeedABigEnoughVocabulary() throws {
    #expect(throws: LayerError.self) { try LayerTestSupport.build("adaptive", [("out", "500")], input: .sequence(8)) }
    do { _ = try LayerTestSupport.build("adaptive", [("out", "500")], input: .sequence(8)) } catch {
      #expect(
        "\(error)".contains("option 'cutoffs=2000,6000' (the default) has 6000, not below the vocabulary size 500"))
    }
  }

  @Test func needsASequenceAndIsTheLastLayer() throws {
    #expect(throws: LayerError.self) {
      try LayerTestSupport.build(
        "adaptive", [("cutoffs", "5,12"), ("div_value", "2"), ("out", "20")], input: .vector(8))
    }
    let spec = ModelSpec(layers: [
      LayerSpec(type: "embedding", options: [.init("dim", "16")]),
      LayerSpec(type: "adaptive", options: [.init("cutoffs", "5,12")]),
      LayerSpec(type: "tanh"),
    ])
    #expect(throws: LayerError.self) {
      try ModelBuilder.network(spec, registry: LayerTestSupport.registry, vocabularySize: 20, seed: 1)
    }
    let lm = ModelSpec(layers: Array(spec.layers.prefix(2)))
    let network = try ModelBuilder.network(lm, registry: LayerTestSupport.registry, vocabularySize: 20, seed: 1)
    #expect(network.outputShape == .sequence(20))
    #expect(network.spec.layers[1].text == "adaptive cutoffs=5,12 out=20")
    var wrong = lm
    wrong.layers[1].options.append(.init("out", "18"))
    do {
      _ = try ModelBuilder.network(wrong, registry: LayerTestSupport.registry, vocabularySize: 20, seed: 1)
      Issue.record("out=18 with a vocabulary of 20 was accepted")
    } catch {
      #expect(
        "\(error)"
          == "layer 2 (adaptive): out=18 is not the vocabulary size (20); leave out= unset (it defaults to the vocabulary size)"
      )
    }
  }
}
