import LayerKit
import TensorCore

/// The mutable state of one `Trainer.run`: epochs, steps, best and last good weights.
struct TrainingLoop {
  let trainer: Trainer
  let plan: Trainer.Plan
  let network: Network
  let settings: TrainingSettings
  let groups: LayerGroups
  let unfreezing: GradualUnfreezing?
  let rateFactors: [ObjectIdentifier: Double]
  let optimizer: Optimizer
  let context: LayerContext
  var shuffling: RNG
  let firstEpoch: Int
  let runIndex: Int
  var step = 0
  var totalSteps = 0
  var best: (loss: Double, epoch: Int, record: Int, weights: WeightSnapshot)?
  /// The trainable weights before the latest optimizer step, restored when a step diverges.
  let lastGood = WeightBackup()
  var currentRate = 0.0
  /// The last step's loss gradient, whose storage the next step reuses.
  var spareGradient: Tensor?
  /// Two-way data parallelism, with `threads` > 1.
  let parallel: DataParallel?

  init(trainer: Trainer, plan: Trainer.Plan) throws {
    self.trainer = trainer
    self.plan = plan
    network = trainer.model.network
    settings = trainer.settings
    groups = LayerGroups(network: network)
    unfreezing = settings.gradualUnfreezing ? GradualUnfreezing(groups: groups) : nil
    rateFactors = groups.rateTable(base: 1, decay: settings.learningRateDecay)
    optimizer = Optimizer(settings: settings.optimizer)
    var seeds = RNG(seed: settings.seed)
    shuffling = seeds.fork()
    context = LayerContext(training: true, seed: seeds.next())
    firstEpoch = (trainer.model.history.last?.epoch ?? 0) + 1
    runIndex = (trainer.model.history.last?.run ?? 0) + 1
    parallel = try DataParallel(network: network, threads: settings.threads)
  }

  /// Running sums of one epoch.
  struct EpochStats {
    var loss = 0.0
    var correct = 0
    var count = 0
    var tokens = 0
    var steps = 0
    var planned = 0
    var mean: Double { loss / Double(max(count, 1)) }
    var accuracy: Double { Double(correct) / Double(max(count, 1)) }
  }

  /// What ended an epoch early.
  enum EpochEnd {
    case finished
    case stopped(TrainingStop)
  }

  mutating func run() throws -> TrainingStop {
    var wait = 0
    for epoch in 1...settings.epochs {
      unfreezing?.apply(epoch: epoch)
      var stats = EpochStats()
      let end: EpochEnd
      do {
        end = try runEpoch(epoch, &stats)
      } catch {
        record(epoch, stats, validation: nil, cutShort: .error)
        throw error
      }
      if case .stopped(let reason) = end {
        record(epoch, stats, validation: nil, cutShort: reason.cutShort)
        if case .interrupted = reason { restoreBest() }
        trainer.onEvent(.stopped(reason))
        return reason
      }
      let validation = try plan.validation.map { data in
        try Trainer.measure(
          network,
          data.batches(
            size: settings.batchSize, maxlen: settings.maxlen, bptt: settings.bptt, streams: carriesState, rng: nil),
          task: settings.task, carry: carriesState)
      }
      record(epoch, stats, validation: validation, cutShort: nil)
      if let validation, settings.patience > 0 {
        if validation.loss < (best?.loss ?? .infinity) {
          best = (validation.loss, epoch, trainer.model.history.count - 1, WeightSnapshot(network.parameters))
          wait = 0
        } else {
          wait += 1
        }
        if wait >= settings.patience && epoch < settings.epochs {
          let reason = TrainingStop.earlyStopped(bestEpoch: best?.epoch ?? epoch)
          restoreBest()
          trainer.onEvent(.stopped(reason))
          return reason
        }
      }
    }
    if best?.epoch != settings.epochs { restoreBest() }
    trainer.onEvent(.stopped(.completed))
    return .completed
  }

  private mutating func runEpoch(_ epoch: Int, _ stats: inout EpochStats) throws -> EpochEnd {
    let batches = plan.train.batches(
      size: settings.batchSize, maxlen: settings.maxlen, bptt: settings.bptt, streams: carriesState,
      rng: shuffling.fork())
    network.resetState()
    parallel?.resetState()
    if totalSteps == 0 { totalSteps = batches.count * settings.epochs }
    stats.planned = batches.count
    trainer.onEvent(
      .epochStarted(
        epoch: epoch, epochs: settings.epochs, steps: batches.count,
        trainableGroups: unfreezing?.trainableGroups(epoch: epoch) ?? groups.groups.count))
    for (index, batch) in batches.enumerated() {
      if let stop = try trainStep(batch, epoch: epoch, index: index + 1, &stats) { return .stopped(stop) }
      trainer.onEvent(
        .step(
          StepProgress(
            epoch: epoch, epochs: settings.epochs, step: index + 1, steps: batches.count, loss: stats.mean,
            accuracy: stats.accuracy, tokens: stats.tokens)))
      if trainer.cancellation?.isCancelled == true { return .stopped(.interrupted(epoch: epoch, step: index + 1)) }
    }
    return .finished
  }

  /// One optimizer step; returns a stop reason when the loss or gradient is not finite.
  private mutating func trainStep(_ batch: StepBatch, epoch: Int, index: Int, _ stats: inout EpochStats) throws
    -> TrainingStop?
  {
    let result = try forwardBackward(batch)
    guard result.loss.isFinite else { return diverged(epoch, index) }
    let trainable = network.trainableParameters.map(\.1)
    // With two halves, the work after they join runs on both threads too (the same bits).
    let threads = parallel == nil ? 1 : settings.threads
    if settings.clip > 0 {
      let norm = Optimizer.gradientNorm(trainable)
      guard norm.isFinite else { return diverged(epoch, index) }
      Optimizer.clip(trainable, norm: norm, maxNorm: settings.clip)
    } else {
      guard Optimizer.gradientsAreFinite(trainable, threads: threads) else { return diverged(epoch, index) }
    }
    lastGood.capture(trainable, threads: threads)
    currentRate = settings.learningRate * settings.schedule.multiplier(step: step, total: totalSteps)
    optimizer.step(
      trainable, rates: trainable.map { currentRate * (rateFactors[ObjectIdentifier($0)] ?? 1) },
      threads: threads)
    step += 1
    if carriesState {
      network.carryState()
      parallel?.carryState()
    }
    stats.loss += result.loss * Double(result.count)
    stats.correct += result.correct
    stats.count += result.count
    stats.tokens += batch.tokens
    stats.steps += 1
    return nil
  }

  /// Zeroes the gradients, then runs forward, loss and (if the loss is finite) backward, on two
  /// threads when `parallel` is set and the batch has two examples or more.
  private mutating func forwardBackward(_ batch: StepBatch) throws -> LossResult {
    if let parallel, batch.input.batch >= 2 {
      // Each half zeroes its own network's gradients on its own thread.
      return try parallel.step(batch, task: settings.task, seeds: (context.rng.next(), context.rng.next()))
    }
    network.zeroGrad()
    let result = try Trainer.trainingStep(
      network, batch, task: settings.task, context: context, reusing: spareGradient.take())
    spareGradient = result.gradient
    return result
  }

  /// Whether a language model reads contiguous streams, carrying its state between windows.
  private var carriesState: Bool { settings.task == .lm && settings.streams }

  private func diverged(_ epoch: Int, _ index: Int) -> TrainingStop {
    lastGood.restore()
    return .diverged(epoch: epoch, step: index)
  }

  private func restoreBest() {
    guard let best else { return }
    best.weights.restore()
    if trainer.model.history.indices.contains(best.record) { trainer.model.history[best.record].restored = true }
    trainer.onEvent(.restoredBest(epoch: best.epoch))
  }

  private func record(
    _ epoch: Int, _ stats: EpochStats, validation: (loss: Double, accuracy: Double, count: Int)?,
    cutShort: EpochRecord.CutShort?
  ) {
    guard stats.steps > 0 else { return }
    var record = EpochRecord(
      epoch: firstEpoch + epoch - 1, trainLoss: stats.mean, trainAccuracy: stats.accuracy,
      validationLoss: validation?.loss, validationAccuracy: validation?.accuracy, partial: cutShort != nil,
      run: runIndex, languageModel: settings.task.perToken, learningRate: currentRate)
    record.runEpoch = epoch
    record.stepsDone = stats.steps
    record.stepsPlanned = stats.planned
    record.cutShort = cutShort
    record.trainableLayers = unfreezing?.trainableLayers(epoch: epoch)
    trainer.model.history.append(record)
    trainer.onEvent(.epochEnded(record, tokens: stats.tokens))
  }
}

extension TrainingStop {
  /// How a stop that ends an epoch early is recorded in the history.
  var cutShort: EpochRecord.CutShort {
    if case .diverged = self { return .diverged }
    return .interrupted
  }
}
