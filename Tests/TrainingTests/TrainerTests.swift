import LayerKit
import TensorCore
import Testing
import TextData

@testable import Training

@Suite struct TrainerTests {
  func settings(epochs: Int = 3, lr: Double = 0.05) -> TrainingSettings {
    var s = TrainingSettings()
    s.epochs = epochs
    s.batchSize = 8
    s.learningRate = lr
    return s
  }

  /// Trains a fresh classifier and returns it with the per-step losses and the stop reason.
  func train(
    _ s: TrainingSettings, model: TextModel? = nil, validation: Dataset? = nil,
    data: Dataset = Fixture.sentiment(64, seed: 1),
    cancellation: CancellationToken? = nil, onEvent: @escaping (TrainingEvent) -> Void = { _ in }
  ) throws -> (TextModel, [Double], TrainingStop) {
    let m = try model ?? Fixture.classifier()
    var losses: [Double] = []
    let trainer = Trainer(model: m, name: "clf", settings: s, cancellation: cancellation) { event in
      if case .step(let p) = event { losses.append(p.loss) }
      onEvent(event)
    }
    let stop = try trainer.run(train: data, trainName: "train", validation: validation, validationName: "val")
    return (m, losses, stop)
  }

  @Test func learnsTheToyTaskAndSetsLabels() throws {
    let (model, _, stop) = try train(settings(epochs: 4))
    #expect(stop == .completed)
    #expect(model.labelNames == ["neg", "pos"])
    #expect(model.history.count == 4 && model.history.last?.partial == false)
    let eval = try Evaluator.evaluate(model, name: "clf", on: Fixture.sentiment(40, seed: 9), datasetName: "test")
    #expect(eval.evaluation.accuracy > 0.9)
    #expect(model.history[3].trainLoss < model.history[0].trainLoss)
  }

  @Test func identicalRunsAreBitIdentical() throws {
    var s = settings()
    s.optimizer = OptimizerSettings(kind: .adamw, weightDecay: 0.01)
    s.schedule = .onecycle
    s.clip = 1
    let a = try train(s)
    let b = try train(s)
    #expect(a.1 == b.1)
    #expect(Fixture.weights(a.0) == Fixture.weights(b.0))
    s.seed = 2
    let d = try train(s)
    #expect(a.1 != d.1)
  }

  @Test func twoThreadsAreReproducibleAndAgreeWithOne() throws {
    var s = settings()
    s.batchSize = 7  // odd, so the halves differ in size
    let one = try train(s)
    s.threads = 2
    let two = try train(s)
    let again = try train(s)
    #expect(two.1 == again.1 && Fixture.weights(two.0) == Fixture.weights(again.0))
    #expect(one.1.count == two.1.count)
    let worst = zip(one.1, two.1).map { abs($0 - $1) / max(abs($0), 1e-3) }.max() ?? 0
    #expect(worst < 1e-3, "per-step losses of 1 and 2 threads differ by up to \(worst) (relative)")
    #expect(one.1 != two.1, "threads=2 should sum each batch as two halves")
  }

  @Test func frozenParametersAreUnchanged() throws {
    let model = try Fixture.classifier()
    for (key, p) in model.network.parameters where key.hasPrefix("temb") { p.frozen = true }
    let before = model.network.parameters.map(\.1.value)
    _ = try train(settings(), model: model)
    for ((key, p), old) in zip(model.network.parameters, before) {
      #expect((p.value == old) == key.hasPrefix("temb"), "\(key)")
    }
  }

  @Test func earlyStoppingRestoresBestWeights() throws {
    // Validation labels are the reverse of training labels, so validation loss rises as training
    // succeeds: the best epoch is early and its weights must come back.
    var s = settings(epochs: 6)
    s.patience = 2
    var snapshots: [[[Float]]] = []
    var valLosses: [Double] = []
    var model: TextModel?
    model = try Fixture.classifier()
    let result = try train(s, model: model, validation: Fixture.sentiment(32, seed: 5, flipped: true)) { event in
      if case .epochEnded(let r, _) = event, let m = model {
        snapshots.append(Fixture.weights(m))
        valLosses.append(r.validationLoss ?? .nan)
      }
    }
    guard case .earlyStopped(let best) = result.2 else {
      Issue.record("expected early stopping, got \(result.2)")
      return
    }
    let bestIndex = valLosses.indices.min { valLosses[$0] < valLosses[$1] } ?? -1
    #expect(best == bestIndex + 1)
    #expect(snapshots.count == best + 2)
    #expect(Fixture.weights(result.0) == snapshots[bestIndex])
    #expect(Fixture.weights(result.0) != snapshots.last)
    #expect(result.0.history.map(\.restored) == result.0.history.indices.map { $0 == bestIndex })
  }

  @Test func nonFiniteLossStopsAndRestoresLastGoodWeights() throws {
    let model = try Fixture.classifier()
    var beforeBadStep: [[Float]] = []
    let result = try train(settings(), model: model) { event in
      guard case .step(let p) = event, p.epoch == 1 else { return }
      if p.step == 2 { beforeBadStep = Fixture.weights(model) }
      if p.step == 3, let bias = model.network.layer(named: "tdense2")?.layer.parameters.last?.1 {
        bias.value.data[0] = .nan
      }
    }
    #expect(result.2 == .diverged(epoch: 1, step: 4))
    // Step 4 saw NaN; the last weights with a finite loss were those step 3 started from.
    #expect(Fixture.weights(model) == beforeBadStep)
    #expect(model.history.last?.partial == true)
    #expect(model.history.last?.cutShort == .diverged && model.history.last?.stepsDone == 3)
  }

  @Test func interruptionKeepsLastStepWeightsAndPartialHistory() throws {
    let token = CancellationToken()
    let model = try Fixture.classifier()
    var atCancel: [[Float]] = []
    let result = try train(settings(), model: model, cancellation: token) { event in
      if case .step(let p) = event, p.epoch == 2, p.step == 3 {
        atCancel = Fixture.weights(model)
        token.cancel()
      }
    }
    #expect(result.2 == .interrupted(epoch: 2, step: 3))
    #expect(Fixture.weights(model) == atCancel)
    #expect(model.history.count == 2)
    #expect(model.history[1].partial && !model.history[0].partial)
    #expect(result.1.count == 8 + 3)
    #expect(model.history[1].cutShort == .interrupted && model.history[0].cutShort == nil)
    #expect(model.history[1].stepsDone == 3 && model.history[1].stepsPlanned == 8)
    #expect(model.history[0].stepsDone == 8 && model.history.map(\.runEpoch) == [1, 2])
  }

  @Test func gradualUnfreezingTrainsOneMoreGroupPerEpoch() throws {
    var s = settings(epochs: 3)
    s.gradualUnfreezing = true
    s.learningRateDecay = 2.6
    s.schedule = .stlr
    let model = try Fixture.classifier()
    var atStart: [[Float]] = []
    var changed: [[Bool]] = []
    _ = try train(s, model: model) { event in
      switch event {
      case .epochStarted: atStart = Fixture.weights(model)
      case .epochEnded: changed.append(zip(atStart, Fixture.weights(model)).map { $0 != $1 })
      default: break
      }
    }
    // parameters: temb.weight, tdense.weight, tdense.bias, tdense2.weight, tdense2.bias
    #expect(
      changed == [
        [false, false, false, true, true], [false, true, true, true, true], [true, true, true, true, true],
      ])
    #expect(model.network.parameters.allSatisfy { !$0.1.frozen })
    #expect(
      model.history.map(\.trainableLayers) == [
        ["tdense2"], ["tdense", "tdense2"], ["temb", "tdense", "tdense2"],
      ])
  }

  @Test func aFailingStepRecordsThePartialEpoch() throws {
    let spec = ModelSpec(layers: [
      LayerSpec(type: "temb", options: [.init("dim", "8")]), LayerSpec(type: "tpool"), LayerSpec(type: "tfail"),
      LayerSpec(type: "tdense", options: [.init("out", "2")]),
    ])
    let vocabulary = Fixture.vocabulary
    let network = try Network(
      spec: spec, registry: Fixture.registry, input: .tokens(vocabulary: vocabulary.count), seed: 3)
    let model = TextModel(network: network, vocabulary: vocabulary, seed: 3)
    let failing = try #require(network.layers.compactMap { $0.layer as? TestFailing }.first)
    var atFailure: [[Float]] = []
    #expect(throws: TestFailing.Failure.self) {
      _ = try train(settings(), model: model) { event in
        if case .step(let p) = event, p.epoch == 2, p.step == 5 {
          atFailure = Fixture.weights(model)
          failing.failing = true
        }
      }
    }
    #expect(model.history.count == 2 && model.history[1].partial && model.history[1].cutShort == .error)
    #expect(model.history[1].stepsDone == 5)
    #expect(Fixture.weights(model) == atFailure)
  }

  @Test func secondRunNumbersItsEpochsFromOne() throws {
    let (model, _, _) = try train(settings(epochs: 2))
    _ = try train(settings(epochs: 3), model: model)
    #expect(model.history.map(\.epoch) == [1, 2, 3, 4, 5])
    #expect(model.history.map(\.run) == [1, 1, 2, 2, 2])
    #expect(model.history.map(\.runEpoch) == [1, 2, 1, 2, 3])
    #expect(model.history.allSatisfy { $0.trainableLayers == nil && !$0.restored })
  }

  @Test func badInputChangesNothing() throws {
    let model = try Fixture.classifier(outputs: 3)
    let before = Fixture.weights(model)
    #expect(throws: TrainingError.self) { try train(settings(), model: model) }
    do { _ = try train(settings(), model: model) } catch let e as TrainingError {
      #expect(e.message.contains("3 outputs") && e.message.contains("neg, pos"))
    }
    let empty = Dataset(examples: [], labelNames: ["neg", "pos"], source: "")
    #expect(throws: TrainingError.self) { try train(settings(), model: try Fixture.classifier(), data: empty) }
    let unlabeled = Dataset(examples: [Example(text: "good film", label: nil)], labelNames: [], source: "")
    #expect(throws: TrainingError.self) { try train(settings(), model: try Fixture.classifier(), data: unlabeled) }
    let noVocabulary = try Fixture.classifier()
    noVocabulary.vocabulary = nil
    #expect(throws: TrainingError.self) { try train(settings(), model: noVocabulary) }
    #expect(model.labelNames.isEmpty && model.history.isEmpty && Fixture.weights(model) == before)
  }

  @Test func laterDatasetsMustUseKnownLabels() throws {
    let (model, _, _) = try train(settings(epochs: 1))
    let other = Dataset(examples: [Example(text: "good", label: 0)], labelNames: ["neutral"], source: "")
    #expect(throws: TrainingError.self) { try train(settings(epochs: 1), model: model, data: other) }
    #expect(model.history.count == 1)
  }

  @Test func languageModelLossDecreasesAndGenerates() throws {
    let text = "the film was good the plot was great the film was nice"
    let corpus = Dataset(
      examples: Array(repeating: Example(text: text, label: nil), count: 12), labelNames: [], source: "")
    var s = settings(epochs: 6, lr: 0.05)
    s.task = .lm
    s.bptt = 8
    let model = try Fixture.languageModel()
    let trainer = Trainer(model: model, name: "lm", settings: s)
    #expect(try trainer.run(train: corpus, trainName: "corpus") == .completed)
    s.threads = 2
    let twin = try Fixture.languageModel()
    #expect(try Trainer(model: twin, name: "lm", settings: s).run(train: corpus, trainName: "corpus") == .completed)
    let gap = zip(model.history, twin.history).map { abs($0.trainLoss - $1.trainLoss) }.max() ?? 1
    #expect(gap < 1e-3, "threads=2 language model drifts from threads=1 by \(gap)")
    #expect(model.history.allSatisfy { $0.languageModel })
    #expect(model.history[5].trainLoss < model.history[0].trainLoss * 0.6)
    let score = try Evaluator.languageModel(model, name: "lm", on: corpus, datasetName: "corpus", bptt: 8)
    #expect(score.perplexity < 4)
    let tokens = try Generator.generate(model, name: "lm", prompt: "the film", count: 10, temperature: 0.8, seed: 1)
    #expect(tokens.count == 10 && !tokens.contains("<unk>") && !tokens.contains("<pad>"))
    #expect(
      tokens == (try Generator.generate(model, name: "lm", prompt: "the film", count: 10, temperature: 0.8, seed: 1)))
  }

  @Test func classifierCannotTrainAsLanguageModel() throws {
    var s = settings()
    s.task = .lm
    #expect(throws: TrainingError.self) { try train(s) }
  }
}
