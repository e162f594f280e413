import LayerKit
import Metrics
import TensorCore
import TextData

/// One example's prediction: its position, true and predicted class, and class probabilities.
public struct Prediction: Sendable {
  /// The position of the example in its dataset.
  public var index: Int
  /// The true class index.
  public var actual: Int
  /// The arg-max class index.
  public var predicted: Int
  /// Softmax probabilities, index-aligned with the model's labels.
  public var probabilities: [Double]
}

/// A language model's next-token scores on a dataset.
public struct LanguageModelScore: Sendable {
  /// Mean next-token cross-entropy over real positions.
  public var loss: Double
  /// The fraction of real positions whose next token was the arg-max prediction.
  public var accuracy: Double
  /// The number of predicted positions.
  public var tokens: Int
  /// exp(loss): the effective number of equally likely next tokens.
  public var perplexity: Double { exp(loss) }
}

/// Inference with a trained model: evaluation, class probabilities and predictions.
public enum Evaluator {
  /// Evaluates a classifier on a labeled dataset; also returns each example's prediction.
  public static func evaluate(
    _ model: TextModel, name: String, on dataset: Dataset, datasetName: String, maxlen: Int = 256,
    batchSize: Int = 64
  ) throws -> (evaluation: Evaluation, predictions: [Prediction]) {
    let vocabulary = try ModelChecks.vocabulary(of: model, name: name)
    if model.labelNames.isEmpty {
      throw TrainingError("model '\(name)' has no labels yet; train it on a labeled dataset first")
    }
    let labels = try ModelChecks.labels(of: model, name: name, for: dataset, datasetName: datasetName)
    let data = EncodedData(classify: dataset, vocabulary: vocabulary, labelMap: labels.map)
    try CancellationToken.checkCurrent()
    let context = LayerContext(training: false)
    var predictions: [Prediction] = []
    var total = 0.0
    for batch in data.batches(size: batchSize, maxlen: maxlen, bptt: 0, rng: nil) {
      try CancellationToken.checkCurrent()
      let logits = try model.network.forward(batch.input, context: context).values
      total += Loss.softmaxCrossEntropy(logits: logits, labels: batch.targets).loss * Double(batch.input.batch)
      for (row, probabilities) in rows(logits).enumerated() {
        let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        predictions.append(
          Prediction(
            index: batch.indices[row], actual: Int(batch.targets[row]), predicted: best, probabilities: probabilities))
      }
    }
    predictions.sort { $0.index < $1.index }
    let confusion = ConfusionMatrix(
      labelNames: labels.names, actual: predictions.map(\.actual), predicted: predictions.map(\.predicted))
    return (Evaluation(confusion: confusion, loss: total / Double(max(predictions.count, 1))), predictions)
  }

  /// Class probabilities of one text, index-aligned with `model.labelNames`.
  public static func probabilities(_ model: TextModel, name: String, text: String, maxlen: Int = 256) throws -> [Double]
  {
    let vocabulary = try ModelChecks.vocabulary(of: model, name: name)
    _ = try ModelChecks.classCount(of: model, name: name)
    if model.labelNames.isEmpty {
      throw TrainingError("model '\(name)' has no labels yet; train it on a labeled dataset first")
    }
    var ids = Array(vocabulary.encode(text).prefix(maxlen))
    if ids.isEmpty { ids = [Vocabulary.unkID] }
    let input = Activation(tokens: ids, batch: 1, time: ids.count, lengths: [ids.count])
    let logits = try model.network.forward(input, context: LayerContext(training: false)).values
    return rows(logits).first ?? []
  }

  /// Next-token loss, accuracy and perplexity of a language model on a dataset's texts: as
  /// `batchSize` contiguous streams read in windows of `bptt` with the state carried from one to
  /// the next (`streams`), or as independent windows from a zero state.
  public static func languageModel(
    _ model: TextModel, name: String, on dataset: Dataset, datasetName: String, bptt: Int = 64, batchSize: Int = 32,
    streams: Bool = true
  ) throws -> LanguageModelScore {
    let vocabulary = try ModelChecks.vocabulary(of: model, name: name)
    try ModelChecks.languageModel(model, name: name, vocabulary: vocabulary)
    let data = EncodedData(languageModel: dataset, vocabulary: vocabulary)
    try CancellationToken.checkCurrent()
    if data.isEmpty { throw TrainingError("dataset '\(datasetName)' has fewer than two tokens") }
    let m = try Trainer.measure(
      model.network, data.batches(size: batchSize, maxlen: 0, bptt: bptt, streams: streams, rng: nil), task: .lm,
      carry: streams, cancellation: CancellationToken.current)
    return LanguageModelScore(loss: m.loss, accuracy: m.accuracy, tokens: m.count)
  }

  /// Masked-token loss, accuracy and perplexity of a masked language model on a dataset's texts,
  /// with BERT's masking drawn from a fixed seed (`TokenMasking.evaluationSeed`), so the figure
  /// replays exactly; texts are cut to `maxlen` tokens.
  public static func maskedLanguageModel(
    _ model: TextModel, name: String, on dataset: Dataset, datasetName: String, maskProbability: Double = 0.15,
    maxlen: Int = 256, batchSize: Int = 32
  ) throws -> LanguageModelScore {
    let vocabulary = try ModelChecks.vocabulary(of: model, name: name)
    let masking = try ModelChecks.maskedLanguageModel(
      model, name: name, vocabulary: vocabulary, probability: maskProbability)
    let data = EncodedData(maskedLanguageModel: dataset, vocabulary: vocabulary, masking: masking)
    try CancellationToken.checkCurrent()
    if data.isEmpty { throw TrainingError("dataset '\(datasetName)' is empty") }
    let m = try Trainer.measure(
      model.network, data.batches(size: batchSize, maxlen: maxlen, bptt: 0, rng: nil), task: .mlm,
      cancellation: CancellationToken.current)
    return LanguageModelScore(loss: m.loss, accuracy: m.accuracy, tokens: m.count)
  }

  /// Softmax of each row of `[batch, classes]` logits.
  static func rows(_ logits: Tensor) -> [[Double]] {
    let width = logits.shape.last ?? 1
    return stride(from: 0, to: logits.count, by: width).map { Loss.softmax(logits.data[$0..<($0 + width)]) }
  }
}

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif
