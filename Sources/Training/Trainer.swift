import LayerKit
import TensorCore
import TextData

/// The training loop, free of any user interface: it checks its inputs, trains `model` in place and
/// reports what happens through `onEvent`.
///
/// - Every failure that can be detected up front (no vocabulary, labels that do not fit the output,
///   an empty or unlabeled dataset) is thrown before anything changes.
/// - Early stopping (`patience`) restores the weights of the epoch with the best validation loss.
/// - A NaN or infinite loss or gradient stops training and restores the last weights whose loss was
///   finite.
/// - `cancellation` is polled after every step: the model keeps the last completed step's weights
///   (the best-so-far under early stopping) and the history records the partial epoch.
/// - Deterministic: shuffling, bucketing and dropout draw from generators seeded by `seed`.
///   With `threads` > 1 each batch runs as two halves on two threads (`DataParallel`): as
///   reproducible as one thread, but not the same bits, since the batch's gradient is then the sum of
///   two halves. Networks with run-time plugin layers always train on one thread.
public final class Trainer {
  /// The model being trained.
  public let model: TextModel
  /// Its session name, used in error messages.
  public let modelName: String
  /// The run's settings.
  public let settings: TrainingSettings
  /// Polled after every step.
  public let cancellation: CancellationToken?
  /// Receives progress, epoch records and the reason training stopped.
  public let onEvent: (TrainingEvent) -> Void

  /// A trainer for `model` (called `name` in messages); nothing runs until `run`.
  public init(
    model: TextModel, name: String, settings: TrainingSettings, cancellation: CancellationToken? = nil,
    onEvent: @escaping (TrainingEvent) -> Void = { _ in }
  ) {
    self.model = model
    self.modelName = name
    self.settings = settings
    self.cancellation = cancellation
    self.onEvent = onEvent
  }

  /// Trains on `train` (validating on `validation` after each epoch) and returns why it stopped.
  public func run(
    train: Dataset, trainName: String, validation: Dataset? = nil, validationName: String? = nil
  ) throws -> TrainingStop {
    let plan = try prepare(
      train: train, trainName: trainName, validation: validation, validationName: validationName ?? "val")
    if settings.task == .classify && model.labelNames.isEmpty { model.labelNames = plan.labelNames }
    model.trainingSettings = settings.record
    var loop = try TrainingLoop(trainer: self, plan: plan)
    defer {
      loop.unfreezing?.restore()
      model.network.resetState()
    }
    return try loop.run()
  }

  /// The encoded data of one run, and the label names a classifier will carry.
  struct Plan {
    var train: EncodedData
    var validation: EncodedData?
    var labelNames: [String]
  }

  private func prepare(train: Dataset, trainName: String, validation: Dataset?, validationName: String) throws -> Plan {
    if settings.batchSize < 1 { throw TrainingError("batch= must be at least 1") }
    if !(settings.learningRate > 0) { throw TrainingError("lr= must be greater than 0") }
    if settings.patience > 0 && validation == nil {
      throw TrainingError("patience= needs a validation set: add val=DATASET")
    }
    let vocabulary = try ModelChecks.vocabulary(of: model, name: modelName)
    if train.count == 0 { throw TrainingError("dataset '\(trainName)' is empty") }
    if let validation, validation.count == 0 { throw TrainingError("dataset '\(validationName)' is empty") }
    switch settings.task {
    case .lm:
      try ModelChecks.languageModel(model, name: modelName, vocabulary: vocabulary)
      let data = EncodedData(languageModel: train, vocabulary: vocabulary, limit: settings.documentLimit)
      let validationData = validation.map {
        EncodedData(languageModel: $0, vocabulary: vocabulary, limit: settings.documentLimit)
      }
      try checkCancelled()
      if data.isEmpty { throw TrainingError("dataset '\(trainName)' has fewer than two tokens") }
      return Plan(train: data, validation: validationData, labelNames: model.labelNames)
    case .mlm:
      let masking = try ModelChecks.maskedLanguageModel(
        model, name: modelName, vocabulary: vocabulary, probability: settings.maskProbability)
      let data = EncodedData(maskedLanguageModel: train, vocabulary: vocabulary, masking: masking)
      let validationData = validation.map {
        EncodedData(maskedLanguageModel: $0, vocabulary: vocabulary, masking: masking)
      }
      try checkCancelled()
      return Plan(train: data, validation: validationData, labelNames: model.labelNames)
    case .classify:
      let labels = try ModelChecks.labels(of: model, name: modelName, for: train, datasetName: trainName)
      var validationData: EncodedData?
      if let validation {
        var probe = model.labelNames
        if probe.isEmpty { probe = labels.names }
        let map = try ModelChecks.labels(
          of: TextModel.labelled(model, probe), name: modelName, for: validation, datasetName: validationName
        ).map
        validationData = EncodedData(classify: validation, vocabulary: vocabulary, labelMap: map)
      }
      let trainData = EncodedData(classify: train, vocabulary: vocabulary, labelMap: labels.map)
      try checkCancelled()
      return Plan(train: trainData, validation: validationData, labelNames: labels.names)
    }
  }

  /// Throws `CancelledError` when the run was cancelled while its data was encoded (the encoding
  /// then stopped early and must not be trained on).
  private func checkCancelled() throws {
    if cancellation?.isCancelled == true { throw CancelledError() }
  }

  /// Mean loss, accuracy and count of `network` over `batches` in inference mode; with `carry`,
  /// each batch starts from the recurrent state the previous one ended in (contiguous streams).
  static func measure(
    _ network: Network, _ batches: [StepBatch], task: TrainingTask, carry: Bool = false,
    cancellation: CancellationToken? = nil
  ) throws -> (loss: Double, accuracy: Double, count: Int) {
    let context = LayerContext(training: false)
    var total = 0.0
    var correct = 0
    var count = 0
    network.resetState()
    defer { network.resetState() }
    for batch in batches {
      if cancellation?.isCancelled == true { throw CancelledError() }
      let result = try loss(network.forward(batch.input, context: context), batch, task: task)
      if carry { network.carryState() }
      total += result.loss * Double(result.count)
      correct += result.correct
      count += result.count
    }
    let n = Double(max(count, 1))
    return (total / n, Double(correct) / n, count)
  }

  /// Forward, loss and (when the loss is finite) backward of one batch in training mode; the
  /// gradient goes into `spare`'s storage when it is free. A language model whose last layer scores
  /// targets itself (an adaptive softmax), and a masked language model whose decoder can score
  /// chosen rows (dense, adaptive), never compute their full output here: that layer gets the input
  /// and the scored positions with their targets, and its loss is the same cross-entropy.
  static func trainingStep(
    _ network: Network, _ batch: StepBatch, task: TrainingTask, context: LayerContext,
    reusing spare: consuming Tensor? = nil
  ) throws -> LossResult {
    if let head = rowScoringHead(network, task: task) {
      let last = network.layers.count - 1
      let input = try network.forward(batch.input, context: context, upTo: last)
      let rows =
        task == .mlm
        ? Loss.maskedRows(targets: batch.targets) : Loss.countedRows(targets: batch.targets, lengths: input.lengths)
      let scored = try head.targetLoss(input, rows: rows, context: context)
      if scored.loss.isFinite {
        try network.backward(head.backwardTargetLoss(context: context), context: context, from: last)
      }
      return LossResult(loss: scored.loss, count: rows.count, correct: scored.correct, gradient: Tensor(shape: [0]))
    }
    let output = try network.forward(batch.input, context: context)
    let result = loss(output, batch, task: task, reusing: spare.take())
    if result.loss.isFinite { try network.backward(result.gradient, context: context) }
    return result
  }

  /// The last layer of `network` when it scores the task's targets itself: an adaptive softmax for
  /// `task=lm`, any row-scoring decoder for `task=mlm`.
  static func rowScoringHead(_ network: Network, task: TrainingTask) -> (any RowScoringLayer)? {
    let last = network.layers.last?.layer
    switch task {
    case .lm: return last as? any TargetLossLayer
    case .mlm: return last as? any RowScoringLayer
    case .classify: return nil
    }
  }

  /// The task's loss of one batch's network output; the gradient goes into `spare`'s storage when
  /// it is free.
  static func loss(
    _ output: Activation, _ batch: StepBatch, task: TrainingTask, reusing spare: consuming Tensor? = nil
  ) -> LossResult {
    switch task {
    case .classify:
      return Loss.softmaxCrossEntropy(logits: output.values, labels: batch.targets, reusing: spare.take())
    case .lm:
      return Loss.sequenceCrossEntropy(
        logits: output.values, targets: batch.targets, lengths: output.lengths, reusing: spare.take())
    case .mlm:
      return Loss.maskedCrossEntropy(logits: output.values, targets: batch.targets, reusing: spare.take())
    }
  }
}

extension TextModel {
  /// A view of `model` with other label names, used only to check a validation set's labels.
  static func labelled(_ model: TextModel, _ names: [String]) -> TextModel {
    let view = TextModel(network: model.network, vocabulary: model.vocabulary, seed: model.seed)
    view.labelNames = names
    return view
  }
}
