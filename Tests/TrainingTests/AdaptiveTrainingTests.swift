import BuiltinLayers
import Foundation
import LayerKit
import TensorCore
import TensorKernels
import Testing
import TextData

@testable import Training

/// A language model ending in `adaptive` trains through the layer's own target scoring, and that
/// loss and accuracy are those of its full log-probabilities (what evaluation and perplexity use).
@Suite struct AdaptiveTrainingTests {
  static let registry = LayerRegistry(BuiltinLayers.all)
  static let text = "the film was good the plot was great the film was nice a dull plot was poor the film was bad"
  static let corpus = Dataset(
    examples: (0..<16).map { Example(text: $0 % 2 == 0 ? text : "the plot was awful the film", label: nil) },
    labelNames: [], source: "")

  /// `embedding dim=12 | lstm hidden=12 | adaptive cutoffs=4,9 div_value=2` over `Fixture.vocabulary`.
  static func model(seed: UInt64 = 3) throws -> TextModel {
    let spec = ModelSpec(layers: [
      LayerSpec(type: "embedding", options: [.init("dim", "12")]),
      LayerSpec(type: "lstm", options: [.init("hidden", "12")]),
      LayerSpec(type: "adaptive", options: [.init("cutoffs", "4,9"), .init("div_value", "2")]),
    ])
    let network = try ModelBuilder.network(
      spec, registry: registry, vocabularySize: Fixture.vocabulary.count, seed: seed)
    return TextModel(network: network, vocabulary: Fixture.vocabulary, seed: seed)
  }

  static func settings(threads: Int = 1) -> TrainingSettings {
    var s = TrainingSettings()
    s.task = .lm
    s.epochs = 8
    s.batchSize = 4
    s.bptt = 8
    s.learningRate = 0.03
    s.threads = threads
    return s
  }

  @Test func trainingLossIsTheFullLogProbabilitiesCrossEntropy() throws {
    let model = try Self.model()
    let data = EncodedData(languageModel: Self.corpus, vocabulary: Fixture.vocabulary)
    let batches = data.batches(size: 4, maxlen: 0, bptt: 8, rng: nil)
    try #require(batches.count > 1)
    for batch in batches {
      model.network.zeroGrad()
      let trained = try Trainer.trainingStep(
        model.network, batch, task: .lm, context: LayerContext(training: true))
      let full = try Trainer.measure(model.network, [batch], task: .lm)
      #expect(trained.count == full.count)
      #expect(abs(trained.loss - full.loss) < 1e-5 * max(1, full.loss), "\(trained.loss) vs \(full.loss)")
      #expect(Double(trained.correct) == full.accuracy * Double(full.count))
      #expect(trained.gradient.count == 0, "the full output was computed")
    }
  }

  @Test func lossFallsOnOneAndTwoThreadsAlike() throws {
    let one = try Self.model()
    #expect(
      try Trainer(model: one, name: "lm", settings: Self.settings()).run(train: Self.corpus, trainName: "c")
        == .completed)
    #expect(one.history.last!.trainLoss < one.history[0].trainLoss * 0.7, "\(one.history.map(\.trainLoss))")
    let two = try Self.model()
    #expect(
      try Trainer(model: two, name: "lm", settings: Self.settings(threads: 2)).run(train: Self.corpus, trainName: "c")
        == .completed)
    let gap = zip(one.history, two.history).map { abs($0.trainLoss - $1.trainLoss) }.max() ?? 1
    #expect(gap < 1e-3, "threads=2 drifts from threads=1 by \(gap)")
    let score = try Evaluator.languageModel(one, name: "lm", on: Self.corpus, datasetName: "c", bptt: 8)
    #expect(score.perplexity < exp(one.history[0].trainLoss))
    let tokens = try Generator.generate(one, name: "lm", prompt: "the film", count: 8, temperature: 0.8, seed: 1)
    #expect(tokens.count == 8 && !tokens.contains("<unk>") && !tokens.contains("<pad>"))
  }

  /// The full log-probabilities, bit for bit, on every instruction set: the head's log-softmax
  /// for the shortlist, and each cluster's log-softmax plus the head's log-probability of the
  /// cluster (PyTorch's `log_prob`), each product computed separately by `BLAS.gemm`.
  @Test func forwardIsTheHeadAndClusterLogSoftmaxesBitForBit() throws {
    let layer = try #require(try Self.model().network.layers.last?.layer)
    let weights = Dictionary(uniqueKeysWithValues: layer.parameters.map { ($0.0, $0.1.value) })
    let input = GradientCheck.randomSequence(lengths: [7, 3], time: 7, features: 12, seed: 4)
    let (n, classes) = (14, Fixture.vocabulary.count)
    let head = Self.logSoftmax(Self.linear(input.values.data, n, try #require(weights["head.weight"])))
    var expected = [Float](repeating: 0, count: n * classes)
    let (bounds, real) = ([4, 9, classes], (0..<n).filter { $0 % 7 < [7, 3][$0 / 7] })  // padded rows stay 0
    for r in real {
      for j in 0..<4 { expected[r * classes + j] = head[r * 6 + j] }
    }
    for c in 0..<2 {
      let hidden = Self.linear(input.values.data, n, try #require(weights["tail.\(c).0.weight"]))
      let logProb = Self.logSoftmax(Self.linear(hidden, n, try #require(weights["tail.\(c).1.weight"])))
      let size = bounds[c + 1] - bounds[c]
      for r in real {
        let clusterLogProb = head[r * 6 + 4 + c]
        for k in 0..<size { expected[r * classes + bounds[c] + k] = logProb[r * size + k] + clusterLogProb }
      }
    }
    let best = BLAS.instructionSet
    defer { _ = tk_use_isa(best) }
    for isa in ["portable", "avx2", "avx512"] where tk_use_isa(isa) == 1 {
      let output = try layer.forward(input, context: LayerContext(training: false)).values
      #expect(output.data == expected, "\(isa)")
    }
  }

  /// `x[n×k]·Wᵀ` for a weight `[out, k]`.
  static func linear(_ x: [Float], _ n: Int, _ weight: Tensor) -> [Float] {
    let (out, k) = (weight.shape[0], weight.shape[1])
    var y = [Float](repeating: 0, count: n * out)
    weight.withPointer { w in BLAS.gemm(transB: true, m: n, n: out, k: k, a: x, lda: k, b: w, ldb: k, c: &y, ldc: out) }
    return y
  }

  /// The log-softmax of each row of `[rows, width]` logits whose width is `logits.count / rows`.
  static func logSoftmax(_ logits: [Float], rows: Int = 14) -> [Float] {
    let width = logits.count / rows
    var out = logits
    out.withUnsafeMutableBufferPointer { o in
      for r in 0..<rows {
        tk_log_softmax_row(Array(logits[(r * width)..<((r + 1) * width)]), width, o.baseAddress! + r * width)
      }
    }
    return out
  }

  @Test func aClassifierCannotEndWithIt() throws {
    var s = Self.settings()
    s.task = .classify
    do {
      _ = try Trainer(model: try Self.model(), name: "lm", settings: s)
        .run(train: Fixture.sentiment(8, seed: 1), trainName: "d")
      Issue.record("a classifier ending in adaptive trained")
    } catch {
      #expect("\(error)".contains("model 'lm' ends with 'adaptive', a language model's output layer"))
      #expect(!"\(error)".contains("\n"))
    }
  }
}
