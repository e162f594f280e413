import Metrics
import TensorCore
import TextData
import TextFormatting
import Training

/// `warning: …` lines printed where a result would look confident but mean little: an input with
/// no word the model knows, a dataset its vocabulary barely covers, a loss that diverges.
extension CommandContext {
  /// `eval`, `compare` and `predict … on` warn below this share of known tokens.
  static let coverageWarningThreshold = 0.5

  /// The warning for a `predict` text or `generate` prompt (`what`) that is empty or has only
  /// words outside `model`'s vocabulary, or nil.
  static func unknownInputWarning(_ text: String, _ model: TextModel, name: String, what: String, consequence: String)
    -> String?
  {
    guard let vocabulary = model.vocabulary else { return nil }
    let ids = vocabulary.encode(text)
    if ids.isEmpty { return "the \(what) has no words, so \(consequence)" }
    guard ids.allSatisfy({ $0 == Vocabulary.unkID }) else { return nil }
    let words = ids.count == 1 ? "its one word is not" : "none of its \(ids.count) words is"
    return "\(words) in the vocabulary of \(name) (read as <unk>), so \(consequence)"
  }

  /// The warning when `model`'s vocabulary knows less than `coverageWarningThreshold` of the
  /// tokens of `dataset`, or nil.
  static func coverageWarning(_ model: TextModel, name: String, _ dataset: Dataset, dataName: String) -> String? {
    guard let vocabulary = model.vocabulary else { return nil }
    let (known, total) = vocabulary.coverage(of: dataset)
    guard total > 0, CancellationToken.current?.isCancelled != true else { return nil }
    let share = Double(known) / Double(total)
    guard share < coverageWarningThreshold else { return nil }
    return "the vocabulary of \(name) knows only \(decimal(share * 100, 1))% of the \(total) tokens of "
      + "\(dataName) (the rest read as <unk>), so these scores say little about its text; "
      + "build the vocabulary from similar data or transfer with a remapped vocabulary"
  }
}

/// Watches a training run's loss for divergence: a finite loss that rises by two orders of
/// magnitude over the first batch's (a too large `lr=`); warns once per run.
struct DivergenceWatch {
  /// How many times the first batch's loss counts as diverging.
  static let factor = 100.0
  private var first: Double?
  private var warned = false

  /// Records a step's running loss (the first one is the untrained model's).
  mutating func observe(step loss: Double) {
    if first == nil, loss.isFinite, loss > 0 { first = loss }
  }

  /// The warning for an epoch whose mean loss is `loss`, the first time it has diverged, or nil.
  mutating func warning(epochLoss loss: Double, learningRate: String?) -> String? {
    guard !warned, let first, loss.isFinite, loss > first * DivergenceWatch.factor else { return nil }
    warned = true
    let rate = learningRate.map { " (now \($0))" } ?? ""
    return "the loss rose from \(decimal(first)) on the first batch to \(decimal(loss)): training is "
      + "diverging; try a lower lr=\(rate) or clip=1"
  }
}
