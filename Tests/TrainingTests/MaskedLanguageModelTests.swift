import BuiltinLayers
import LayerKit
import TensorCore
import Testing
import TextData

@testable import Training

/// BERT's masking (`TokenMasking`), the masked-language-model loss path and `train … task=mlm`
/// through `Trainer`.
@Suite struct MaskedLanguageModelTests {
  static let registry = LayerRegistry(BuiltinLayers.all)
  /// 40 words, then `<mask>` (id 42).
  static let vocabulary = Vocabulary(
    words: (0..<40).map { "w\($0)" } + [Vocabulary.mask], settings: TokenizerSettings())

  /// `rows` rows of up to `time` random word ids, each row's length drawn in 1...time, padded.
  static func randomBatch(rows: Int, time: Int, seed: UInt64) -> (ids: [Int32], lengths: [Int]) {
    var rng = RNG(seed: seed)
    let lengths = (0..<rows).map { _ in 1 + rng.below(time) }
    var ids = [Int32](repeating: Vocabulary.padID, count: rows * time)
    for (row, length) in lengths.enumerated() {
      for t in 0..<length { ids[row * time + t] = Int32(2 + rng.below(40)) }
    }
    return (ids, lengths)
  }

  /// A random batch of `rows` × `time` with masks drawn at `probability` (mask seed `maskSeed`),
  /// as one training step sees it; fails unless at least `atLeast` positions were chosen.
  static func maskedBatch(
    rows: Int, time: Int, seed: UInt64, probability: Float, maskSeed: UInt64, atLeast: Int
  ) throws -> StepBatch {
    let masking = try #require(TokenMasking(vocabulary: Self.vocabulary, probability: probability))
    var (ids, lengths) = Self.randomBatch(rows: rows, time: time, seed: seed)
    var rng = RNG(seed: maskSeed)
    let targets = masking.apply(to: &ids, lengths: lengths, rng: &rng)
    try #require(targets.filter { $0 >= 0 }.count >= atLeast)
    return StepBatch(
      input: Activation(tokens: ids, batch: rows, time: time, lengths: lengths), targets: targets,
      tokens: lengths.reduce(0, +), indices: [])
  }

  @Test func maskingFollowsTheEightyTenTenRuleAndNeverTouchesPadding() throws {
    let masking = try #require(TokenMasking(vocabulary: Self.vocabulary, probability: 0.15))
    #expect(masking.maskID == 42)
    #expect(
      !masking.replacements.contains(0) && !masking.replacements.contains(1) && !masking.replacements.contains(42))
    let (time, original) = (64, Self.randomBatch(rows: 2000, time: 64, seed: 5))
    var ids = original.ids
    var rng = RNG(seed: 9)
    let targets = masking.apply(to: &ids, lengths: original.lengths, rng: &rng)
    var (real, chosen, masked, kept, replaced) = (0, 0, 0, 0, 0)
    for (row, length) in original.lengths.enumerated() {
      for t in 0..<time {
        let i = row * time + t
        guard t < length else {
          #expect(ids[i] == Vocabulary.padID && targets[i] == -1, "padding changed at row \(row) step \(t)")
          continue
        }
        real += 1
        guard targets[i] >= 0 else {
          #expect(ids[i] == original.ids[i], "an unchosen position changed")
          continue
        }
        #expect(targets[i] == original.ids[i])
        chosen += 1
        if ids[i] == masking.maskID {
          masked += 1
        } else if ids[i] == original.ids[i] {
          kept += 1
        } else {
          replaced += 1
          #expect(masking.replacements.contains(ids[i]))
        }
      }
    }
    let share = Double(chosen) / Double(real)
    #expect(abs(share - 0.15) < 0.005, "chosen \(share) of \(real) positions")
    let n = Double(chosen)
    #expect(abs(Double(masked) / n - 0.8) < 0.015, "masked \(Double(masked) / n)")
    // A random replacement equals the original token 1 time in 40: counted as kept.
    #expect(abs(Double(replaced) / n - 0.1 * 39 / 40) < 0.01, "replaced \(Double(replaced) / n)")
    #expect(abs(Double(kept) / n - (0.1 + 0.1 / 40)) < 0.01, "kept \(Double(kept) / n)")
  }

  @Test func specialTokensAreNeverChosenAndTheSameSeedGivesTheSameMasks() throws {
    let masking = try #require(TokenMasking(vocabulary: Self.vocabulary, probability: 1))
    var ids: [Int32] = [42, 5, 6, 0]
    var rng = RNG(seed: 1)
    let targets = masking.apply(to: &ids, lengths: [3], rng: &rng)
    #expect(targets == [-1, 5, 6, -1], "the mask token and padding are never chosen")
    let batch = Self.randomBatch(rows: 50, time: 20, seed: 2)
    func masks(_ seed: UInt64) -> ([Int32], [Int32]) {
      var ids = batch.ids
      var rng = RNG(seed: seed)
      return (masking.apply(to: &ids, lengths: batch.lengths, rng: &rng), ids)
    }
    #expect(masks(3) == masks(3))
    #expect(masks(3) != masks(4))
    #expect(TokenMasking(vocabulary: Fixture.vocabulary) == nil, "no <mask> token, no masking")
  }

  /// `embedding dim=8 | transformer | transformer positions=none | dense out=vocab tie=embedding`.
  static func model(seed: UInt64 = 3, dropout: String = "0") throws -> TextModel {
    let block = [LayerSpec.Pair("heads", "2"), .init("ff", "16"), .init("dropout", dropout), .init("maxlen", "16")]
    let spec = ModelSpec(layers: [
      LayerSpec(type: "embedding", options: [.init("dim", "8")]),
      LayerSpec(type: "transformer", options: block + [.init("positions", "sinusoidal")]),
      LayerSpec(type: "transformer", options: block + [.init("positions", "none")]),
      LayerSpec(type: "dense", options: [.init("out", "vocab"), .init("tie", "embedding")]),
    ])
    let network = try ModelBuilder.network(spec, registry: registry, vocabularySize: vocabulary.count, seed: seed)
    return TextModel(network: network, vocabulary: vocabulary, seed: seed)
  }

  @Test func theMaskedLossGradientMatchesFiniteDifferences() throws {
    let network = try Self.model().network
    let batch = try Self.maskedBatch(rows: 3, time: 7, seed: 8, probability: 0.4, maskSeed: 4, atLeast: 3)
    let targets = batch.targets
    network.zeroGrad()
    let step = try Trainer.trainingStep(network, batch, task: .mlm, context: LayerContext(training: true))
    #expect(step.count == targets.filter { $0 >= 0 }.count, "the loss counts the chosen positions only")
    let loss = { try Trainer.measure(network, [batch], task: .mlm).loss }
    #expect(abs(try loss() - step.loss) < 1e-6)
    var checked = 0
    var sampler = RNG(seed: 6)
    for (key, p) in network.trainableParameters {
      for _ in 0..<12 {
        let i = sampler.below(p.count)
        let original = p.value.data[i]
        let epsilon: Float = 1e-3
        p.value.data[i] = original + epsilon
        let up = try loss()
        p.value.data[i] = original - epsilon
        let down = try loss()
        p.value.data[i] = original
        let numeric = (up - down) / (2 * Double(epsilon))
        let analytic = Double(p.grad.data[i])
        let error = abs(analytic - numeric) / (1 + max(abs(analytic), abs(numeric)))
        #expect(error < 2e-3, "\(key)[\(i)]: analytic \(analytic) numeric \(numeric)")
        checked += 1
      }
    }
    #expect(checked > 100)
    let largest = network.trainableParameters.map { $0.1.grad.data.map(abs).max() ?? 0 }.max() ?? 0
    #expect(largest > 0.01, "gradients too small to test anything")
  }

  /// The decoder scores only the chosen rows in training, with the same bits as scoring every
  /// position and ignoring the others (the full output's softmax cross-entropy and backward).
  @Test func theDecoderScoresOnlyTheChosenRowsWithTheFullOutputsBits() throws {
    let (rowScored, full) = (try Self.model().network, try Self.model().network)
    let batch = try Self.maskedBatch(rows: 6, time: 12, seed: 11, probability: 0.3, maskSeed: 2, atLeast: 4)
    let targets = batch.targets
    let context = LayerContext(training: true)
    for network in [rowScored, full] { network.zeroGrad() }
    let step = try Trainer.trainingStep(rowScored, batch, task: .mlm, context: context)
    #expect(step.gradient.count == 0, "the full output was computed")
    let reference = Loss.maskedCrossEntropy(
      logits: try full.forward(batch.input, context: context).values, targets: targets)
    try full.backward(reference.gradient, context: context)
    #expect(step.loss == reference.loss && step.correct == reference.correct && step.count == reference.count)
    for ((key, p), (_, q)) in zip(rowScored.parameters, full.parameters) {
      #expect(p.grad.data == q.grad.data, "\(key): the gradients differ")
    }
  }

  static let corpus = Dataset(
    examples: (0..<24).map { i in
      Example(text: (0..<(4 + i % 5)).map { "w\(($0 * 3 + i) % 40)" }.joined(separator: " "), label: nil)
    }, labelNames: [], source: "test")

  /// Trains a fresh model for 3 epochs with masks from `seed`; returns its weights and history.
  static func train(seed: UInt64, threads: Int = 1) throws -> ([Tensor], [EpochRecord]) {
    let model = try Self.model(dropout: "0.1")
    var settings = TrainingSettings()
    settings.task = .mlm
    settings.epochs = 3
    settings.batchSize = 8
    settings.learningRate = 0.01
    settings.seed = seed
    settings.threads = threads
    _ = try Trainer(model: model, name: "m", settings: settings).run(
      train: corpus, trainName: "c", validation: corpus, validationName: "v")
    return (model.network.parameters.map(\.1.value), model.history)
  }

  @Test func trainingIsReproducibleForOneSeedAndReportsMaskedFigures() throws {
    let (a, history) = try Self.train(seed: 7)
    let (b, _) = try Self.train(seed: 7)
    let (c, _) = try Self.train(seed: 8)
    #expect(a == b, "the same seed gave different weights")
    #expect(a != c, "another seed gave the same weights")
    #expect(history.count == 3 && history.allSatisfy { $0.languageModel && $0.validationLoss != nil })
    #expect(history.last!.validationLoss! < history.first!.validationLoss!)
    let (twoThreads, parallelHistory) = try Self.train(seed: 7, threads: 2)
    #expect(twoThreads == (try Self.train(seed: 7, threads: 2)).0, "threads=2 is not reproducible")
    #expect(parallelHistory.last!.validationLoss! < parallelHistory.first!.validationLoss!)
  }

  @Test func badModelsAreRefusedBeforeTraining() throws {
    var settings = TrainingSettings()
    settings.task = .mlm
    func message(_ model: TextModel) -> String {
      do {
        _ = try Trainer(model: model, name: "m", settings: settings).run(train: Self.corpus, trainName: "c")
      } catch let error as TrainingError {
        return error.message
      } catch {
        return "\(error)"
      }
      return "no error"
    }
    let noMask = try Fixture.languageModel()
    #expect(
      message(noMask).contains(
        "has no <mask> token, which task=mlm needs; build one with 'vocab V from DATASET mask=yes'"))
    let classifier = try Fixture.classifier()
    #expect(message(classifier).contains("outputs a vector of 2 per text but task=mlm needs T×14"))
    #expect(noMask.history.isEmpty && classifier.history.isEmpty)
  }
}
