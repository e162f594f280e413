/// Progress within an epoch, reported after every optimizer step.
public struct StepProgress: Sendable {
  /// 1-based epoch of this run, and the number of epochs asked for.
  public var epoch: Int
  /// The number of epochs asked for.
  public var epochs: Int
  /// 1-based step within the epoch, and the steps in the epoch.
  public var step: Int
  /// The number of steps in the epoch.
  public var steps: Int
  /// Mean loss and accuracy over the epoch's steps so far.
  public var loss: Double
  /// Mean accuracy over the epoch's steps so far.
  public var accuracy: Double
  /// Tokens processed in the epoch so far.
  public var tokens: Int
}

/// Why a training run ended.
public enum TrainingStop: Sendable, Equatable {
  /// All epochs ran.
  case completed
  /// Early stopping: validation loss did not improve for `patience` epochs; `bestEpoch` (1-based
  /// epoch of this run) is the one whose weights were restored.
  case earlyStopped(bestEpoch: Int)
  /// The loss or gradient became NaN or infinite at this epoch and step; the last good weights
  /// were restored.
  case diverged(epoch: Int, step: Int)
  /// Ctrl-C: stopped after this completed step of this epoch.
  case interrupted(epoch: Int, step: Int)
}

/// What a `Trainer` reports while it runs; the REPL prints these, tests observe them.
public enum TrainingEvent: Sendable {
  /// An epoch is starting with this many steps.
  case epochStarted(epoch: Int, epochs: Int, steps: Int, trainableGroups: Int)
  /// One optimizer step finished.
  case step(StepProgress)
  /// An epoch finished (or was cut short) and was recorded in the history.
  case epochEnded(EpochRecord, tokens: Int)
  /// The weights of this run's epoch `epoch` (best validation loss) were put back.
  case restoredBest(epoch: Int)
  /// Training stopped before the last epoch, or completed.
  case stopped(TrainingStop)
}
