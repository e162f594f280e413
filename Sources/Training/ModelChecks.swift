import LayerKit
import TextData

/// The checks `train`, `eval` and `predict` share, with one-line errors that name the objects.
enum ModelChecks {
  /// The model's vocabulary, which must also fit the network's token input.
  static func vocabulary(of model: TextModel, name: String) throws -> Vocabulary {
    guard let vocabulary = model.vocabulary else {
      throw TrainingError("model '\(name)' has no vocabulary to turn text into ids; build it with vocab=V")
    }
    if case .tokens(let size) = model.network.inputShape, size < vocabulary.count {
      throw TrainingError(
        "model '\(name)' reads \(size) token ids but its vocabulary has \(vocabulary.count) tokens")
    }
    return vocabulary
  }

  /// The number of classes of a classifier's vector output.
  static func classCount(of model: TextModel, name: String) throws -> Int {
    if let last = model.network.layers.last, last.layer is any TargetLossLayer {
      throw TrainingError(
        "model '\(name)' ends with '\(last.layer.typeName)', a language model's output layer, so it cannot be a classifier; train it with task=lm, or end a classifier with 'pool last | dense out=N'"
      )
    }
    guard case .vector(let width) = model.network.outputShape else {
      throw TrainingError(
        "model '\(name)' outputs \(describe(model.network.outputShape)); a classifier needs one vector per text (add 'pool', or use task=lm)"
      )
    }
    return width
  }

  /// The label names a classifier will use and, for each label of `dataset`, its class index.
  /// A model without labels takes the dataset's; otherwise every dataset label must be known to it.
  static func labels(
    of model: TextModel, name: String, for dataset: Dataset, datasetName: String
  ) throws -> (names: [String], map: [Int]) {
    if dataset.count == 0 { throw TrainingError("dataset '\(datasetName)' is empty") }
    if !dataset.isLabeled {
      throw TrainingError(
        "dataset '\(datasetName)' has no labels (or some examples lack one); it cannot be used to train or evaluate a classifier"
      )
    }
    let width = try classCount(of: model, name: name)
    let names = model.labelNames.isEmpty ? dataset.labelNames : model.labelNames
    if width != names.count {
      throw TrainingError(
        "model '\(name)' has \(width) outputs but \(names.count) labels (\(names.joined(separator: ", "))) come from dataset '\(datasetName)'; end the model with dense out=\(names.count)"
      )
    }
    let map = try dataset.labelNames.map { label in
      guard let index = names.firstIndex(of: label) else {
        throw TrainingError(
          "dataset '\(datasetName)' has label '\(label)' that model '\(name)' does not know (its labels: \(names.joined(separator: ", ")))"
        )
      }
      return index
    }
    return (names, map)
  }

  /// A language model must output one score per vocabulary token at every position.
  static func languageModel(_ model: TextModel, name: String, vocabulary: Vocabulary) throws {
    guard case .sequence(let width) = model.network.outputShape, width == vocabulary.count else {
      throw TrainingError(
        "model '\(name)' outputs \(describe(model.network.outputShape)) but a language model needs T×\(vocabulary.count) (one score per vocabulary token at each position; end it with dense out=vocab)"
      )
    }
  }

  /// A masked language model must score every vocabulary token at every position, and its
  /// vocabulary must have a mask token; returns the masking for it.
  static func maskedLanguageModel(
    _ model: TextModel, name: String, vocabulary: Vocabulary, probability: Double
  ) throws -> TokenMasking {
    guard case .sequence(let width) = model.network.outputShape, width == vocabulary.count else {
      throw TrainingError(
        "model '\(name)' outputs \(describe(model.network.outputShape)) but task=mlm needs T×\(vocabulary.count) (one score per vocabulary token at each position; end it with dense out=vocab tie=embedding)"
      )
    }
    guard let masking = TokenMasking(vocabulary: vocabulary, probability: Float(probability)) else {
      throw TrainingError(
        "model '\(name)': its vocabulary has no <mask> token, which task=mlm needs; build one with 'vocab V from DATASET mask=yes' and the model with vocab=V"
      )
    }
    return masking
  }

  /// A network output in words: `a vector of 2 per text`, `a sequence T×64`.
  static func describe(_ shape: FeatureShape) -> String {
    switch shape {
    case .vector(let n): return "a vector of \(n) per text"
    case .sequence(let n): return "a sequence T×\(n)"
    case .tokens: return "token ids"
    }
  }
}
