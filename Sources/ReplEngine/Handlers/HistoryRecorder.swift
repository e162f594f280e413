import Training

/// What `train` adds to a model's history besides the trainer's records: the dataset of each
/// epoch and its per-step losses (at most `pointsPerRun` points over the run, averaged buckets).
final class HistoryRecorder {
  /// The most per-step points a run keeps.
  static let pointsPerRun = 1000

  private let model: TextModel
  private let dataset: String
  private var curve = StepLossCurve(capacity: HistoryRecorder.pointsPerRun)
  private var previousMean = 0.0

  /// Records for `model`'s epochs trained on `dataset`.
  init(model: TextModel, dataset: String) {
    self.model = model
    self.dataset = dataset
  }

  /// Takes one training event: a step's loss is recovered from the running means of the epoch.
  func handle(_ event: TrainingEvent) {
    switch event {
    case .epochStarted(_, let epochs, _, _):
      curve = StepLossCurve(capacity: HistoryRecorder.pointsPerRun / max(epochs, 1))
      previousMean = 0
    case .step(let p):
      curve.add(Double(p.step) * p.loss - Double(p.step - 1) * previousMean)
      previousMean = p.loss
    case .epochEnded:
      guard !model.history.isEmpty else { return }
      let last = model.history.count - 1
      model.history[last].dataset = dataset
      model.history[last].stepLosses = curve.finished
      model.history[last].stepsPerPoint = curve.stepsPerPoint
    case .restoredBest, .stopped: break
    }
  }
}
