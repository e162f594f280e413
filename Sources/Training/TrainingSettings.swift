/// What `train` learns: a classifier, a next-token language model, or a masked language model.
public enum TrainingTask: String, Sendable {
  case classify
  case lm
  /// BERT's masked-language-model objective (see `TokenMasking`).
  case mlm

  /// Whether the model scores every position against the vocabulary (`lm`, `mlm`).
  public var perToken: Bool { self != .classify }
}

/// Every setting of one `train` run (the command's options, validated).
public struct TrainingSettings: Sendable, Equatable {
  /// Passes over the training data.
  public var epochs = 5
  /// Examples (or language-model sequences) per step.
  public var batchSize = 32
  /// The base (top layer group's peak) learning rate.
  public var learningRate = 0.002
  /// The update rule and its hyper-parameters.
  public var optimizer = OptimizerSettings(kind: .adam)
  /// Global gradient-norm clipping threshold (0: off).
  public var clip = 0.0
  /// Early stopping: epochs without validation-loss improvement before stopping (0: off).
  public var patience = 0
  /// How the rate changes over the run's steps.
  public var schedule = Schedule.constant
  /// ULMFiT's gradual unfreezing, one layer group per epoch from the top.
  public var gradualUnfreezing = false
  /// Discriminative rates: each lower layer group's rate is the one above divided by this.
  public var learningRateDecay = 1.0
  /// Classification or next-token language modelling.
  public var task = TrainingTask.classify
  /// Language-model sequence length.
  public var bptt = 64
  /// Language model: AWD-LSTM batching (`batch` contiguous streams, state carried between windows,
  /// varied window lengths); false: shuffled windows, each from a zero state.
  public var streams = true
  /// Examples are truncated to this many tokens (classification).
  public var maxlen = 256
  /// Language model: each document is cut to its first this-many tokens before the texts are joined
  /// into one stream (nil: whole documents). `train … task=lm maxlen=N` sets it to bound LM cost.
  public var documentLimit: Int?
  /// Masked language model: the chance that a position is chosen for prediction (`mask_p=`).
  public var maskProbability = 0.15
  /// Seeds shuffling, bucketing, dropout and (task=mlm) the masks.
  public var seed: UInt64 = 1
  /// Accepted for compatibility; training runs on one thread (see `Trainer`), results are identical.
  public var threads = 1

  /// The defaults of the `train` command.
  public init() {}

  /// The settings as `key=value` strings, recorded in the model (and its checkpoints).
  public var record: [String: String] {
    [
      "epochs": "\(epochs)", "batch": "\(batchSize)", "lr": "\(learningRate)",
      "opt": optimizer.kind.rawValue, "betas": "\(optimizer.beta1),\(optimizer.beta2)",
      "momentum": "\(optimizer.momentum)", "wd": "\(optimizer.weightDecay)",
      "clip": "\(clip)", "patience": "\(patience)", "schedule": schedule.rawValue,
      "unfreeze": gradualUnfreezing ? "gradual" : "none", "lr_decay": "\(learningRateDecay)",
      "task": task.rawValue, "bptt": "\(bptt)", "seed": "\(seed)", "streams": streams ? "yes" : "no",
      "maxlen": task == .lm ? documentLimit.map(String.init) ?? "none" : "\(maxlen)",
    ].merging(task == .mlm ? ["mask_p": "\(maskProbability)"] : [:]) { a, _ in a }
  }
}

/// A training or evaluation request that cannot run; the message is one line for the user.
public struct TrainingError: Error, Sendable, CustomStringConvertible {
  /// The one-line message.
  public let message: String
  /// An error with this message.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}
