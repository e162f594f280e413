import LayerKit
import TextData

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// A named model in a session: the network, the vocabulary it reads, its class names and history.
public final class TextModel {
  /// The layers and parameters.
  public var network: Network
  /// The vocabulary that turns text into ids (nil for a model built with `vocab_size=`).
  public var vocabulary: Vocabulary?
  /// Class names, index-aligned with the output units (set by the first training run).
  public var labelNames: [String]
  /// One record per completed (or interrupted) epoch, over all training runs.
  public var history: [EpochRecord]
  /// The settings of the last `train` (recorded in checkpoints).
  public var trainingSettings: [String: String]
  /// The seed the initial weights were drawn from.
  public var seed: UInt64
  /// The model or vectors object this model last received weights from by `transfer` (nil when
  /// trained from scratch); `compare` uses it to flag negative transfer.
  public var transferredFrom: String?
  /// The language model whose body this model was built on (`model NEW = encoder LM | …`), nil
  /// otherwise; `train` gives such a classifier ULMFiT's fine-tuning defaults.
  public var encoderSource: String?

  /// A model with no labels, history or training settings yet.
  public init(network: Network, vocabulary: Vocabulary?, seed: UInt64) {
    self.network = network
    self.vocabulary = vocabulary
    self.labelNames = []
    self.history = []
    self.trainingSettings = [:]
    self.seed = seed
  }
}

/// One row of `history MODEL`.
public struct EpochRecord: Sendable, Equatable {
  /// The epoch number over the model's whole life (continues across `train` runs).
  public var epoch: Int
  /// Mean training loss over the epoch's steps.
  public var trainLoss: Double
  /// Training accuracy over the epoch's steps (next-token accuracy for a language model).
  public var trainAccuracy: Double
  /// Validation loss after the epoch, when `val=` was given.
  public var validationLoss: Double?
  /// Validation accuracy after the epoch, when `val=` was given.
  public var validationAccuracy: Double?
  /// True when the epoch was cut short by Ctrl-C or an error.
  public var partial: Bool
  /// Which `train` command of the model's life produced it (1 for the first).
  public var run: Int
  /// True for a language-model epoch (loss is next-token cross-entropy; perplexity is exp(loss)).
  public var languageModel: Bool
  /// The learning rate (of the top layer group) at the epoch's last step.
  public var learningRate: Double?
  /// The epoch's number within its run (1 for the first epoch of each `train`; nil when unknown,
  /// e.g. a record read from an older checkpoint).
  public var runEpoch: Int?
  /// Optimizer steps completed in the epoch (nil when unknown).
  public var stepsDone: Int?
  /// Steps the epoch would have had if it had run to the end (nil when unknown).
  public var stepsPlanned: Int?
  /// Why a partial epoch was cut short (nil for a complete one, or when unknown).
  public var cutShort: CutShort?
  /// Under `unfreeze=gradual`: the layers whose groups trained this epoch (nil otherwise).
  public var trainableLayers: [String]?
  /// True when the model's weights were restored to this epoch's (best validation loss).
  public var restored: Bool
  /// The dataset the epoch trained on (nil when unknown, e.g. from an older checkpoint).
  public var dataset: String?
  /// The model this record was copied from by `model NEW = copy OLD` (the first model that trained
  /// it, through chains of copies); nil for the model's own training.
  public var inheritedFrom: String?
  /// Mean training loss per group of `stepsPerPoint` steps, in order (nil when not recorded).
  public var stepLosses: [Double]?
  /// Steps averaged into each value of `stepLosses` (the last value may average fewer).
  public var stepsPerPoint: Int?

  /// What cut a partial epoch short.
  public enum CutShort: String, Sendable, Equatable {
    /// Ctrl-C.
    case interrupted
    /// A NaN or infinite loss or gradient.
    case diverged
    /// An error while computing a step.
    case error
  }

  /// A record; the optional fields default to "not measured".
  public init(
    epoch: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double? = nil,
    validationAccuracy: Double? = nil, partial: Bool = false, run: Int = 1, languageModel: Bool = false,
    learningRate: Double? = nil
  ) {
    self.restored = false
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.trainAccuracy = trainAccuracy
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
    self.partial = partial
    self.run = run
    self.languageModel = languageModel
    self.learningRate = learningRate
  }

  /// Training perplexity, exp(loss) (meaningful for language models).
  public var trainPerplexity: Double { exp(trainLoss) }
  /// Validation perplexity, exp(validation loss).
  public var validationPerplexity: Double? { validationLoss.map { exp($0) } }
}
