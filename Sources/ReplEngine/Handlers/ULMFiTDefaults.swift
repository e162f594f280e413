import Schema
import Training

/// The classifier fine-tuning defaults of ULMFiT (Howard & Ruder 2018, section 3.3 and the fastai
/// IMDb recipe) that `train` uses for a model built on a recurrent language model's encoder
/// (`model clf = encoder LM | pool concat | dense out=2`) when the user does not give them, so that
/// the obvious `train clf on few` fine-tunes the way the paper does.
enum ULMFiTDefaults {
  /// One default: the option's key, its value, and how it is applied to the settings.
  struct Default: Sendable {
    let key: String
    let value: String
    let apply: @Sendable (inout TrainingSettings) -> Void
  }

  /// Slanted triangular rates, gradual unfreezing, discriminative rates (η^{l-1} = η^l / 2.6), Adam
  /// with β = (0.7, 0.99), and a peak rate of 0.01 for the head.
  static let all: [Default] = [
    Default(key: "schedule", value: "stlr") { $0.schedule = .stlr },
    Default(key: "unfreeze", value: "gradual") { $0.gradualUnfreezing = true },
    Default(key: "lr_decay", value: "2.6") { $0.learningRateDecay = 2.6 },
    Default(key: "betas", value: "0.7,0.99") {
      $0.optimizer.beta1 = 0.7
      $0.optimizer.beta2 = 0.99
    },
    Default(key: "lr", value: "0.01") { $0.learningRate = 0.01 },
  ]

  /// Applies every default whose option was not given; returns them as `key=value` words.
  static func apply(to settings: inout TrainingSettings, given options: Options) -> [String] {
    all.filter { !options.has($0.key) }.map { d in
      d.apply(&settings)
      return "\(d.key)=\(d.value)"
    }
  }

  /// Whether `model` gets these defaults for a `task`: the first fine-tuning of a classifier whose
  /// body came from a recurrent language model (a transformer body keeps the plain defaults: BERT
  /// fine-tunes differently; a later `train` continues with what the user gives).
  static func applies(to model: TextModel, task: TrainingTask) -> Bool {
    guard task == .classify, model.encoderSource != nil, model.history.isEmpty else { return false }
    return model.network.spec.layers.contains { $0.type == "lstm" || $0.type == "gru" }
  }
}
