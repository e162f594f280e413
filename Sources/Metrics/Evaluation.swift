/// Counts of (true class, predicted class) pairs: rows are true classes, columns predictions.
public struct ConfusionMatrix: Sendable, Equatable {
  /// Class names, index-aligned with rows and columns.
  public let labelNames: [String]
  /// `counts[actual][predicted]`.
  public private(set) var counts: [[Int]]

  /// An empty matrix for these classes.
  public init(labelNames: [String]) {
    self.labelNames = labelNames
    counts = Array(repeating: Array(repeating: 0, count: labelNames.count), count: labelNames.count)
  }

  /// A matrix from parallel lists of true and predicted class indices.
  public init(labelNames: [String], actual: [Int], predicted: [Int]) {
    self.init(labelNames: labelNames)
    for (a, p) in zip(actual, predicted) { add(actual: a, predicted: p) }
  }

  /// Counts one example.
  public mutating func add(actual: Int, predicted: Int) { counts[actual][predicted] += 1 }

  /// All examples.
  public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
  /// Examples on the diagonal.
  public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }
  /// How many examples truly belong to class `c`.
  public func support(_ c: Int) -> Int { counts[c].reduce(0, +) }
  /// How many examples were predicted as class `c`.
  public func predictedCount(_ c: Int) -> Int { counts.reduce(0) { $0 + $1[c] } }
}

/// Precision, recall and F1 of one class (0 when undefined, as scikit-learn's `zero_division=0`).
public struct ClassScores: Sendable, Equatable {
  /// Correct predictions of the class over all predictions of it.
  public var precision: Double
  /// Correct predictions of the class over all its examples.
  public var recall: Double
  /// The harmonic mean of precision and recall.
  public var f1: Double
  /// The number of examples of the class.
  public var support: Int
}

/// The result of evaluating a classifier on a labeled dataset.
public struct Evaluation: Sendable {
  /// True versus predicted counts.
  public let confusion: ConfusionMatrix
  /// Mean cross-entropy over the examples.
  public let loss: Double

  /// An evaluation from its confusion matrix and mean loss.
  public init(confusion: ConfusionMatrix, loss: Double) {
    self.confusion = confusion
    self.loss = loss
  }

  /// The class names.
  public var labelNames: [String] { confusion.labelNames }
  /// The number of examples.
  public var count: Int { confusion.total }
  /// The fraction of examples predicted correctly.
  public var accuracy: Double { ratio(confusion.correct, confusion.total) }

  /// Precision, recall and F1 of class `c`.
  public func scores(_ c: Int) -> ClassScores {
    let tp = confusion.counts[c][c]
    let p = ratio(tp, confusion.predictedCount(c))
    let r = ratio(tp, confusion.support(c))
    return ClassScores(precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0, support: confusion.support(c))
  }

  /// Scores for every class.
  public var perClass: [ClassScores] { labelNames.indices.map(scores) }
  /// The unweighted mean of the per-class precisions.
  public var macroPrecision: Double { mean(perClass.map(\.precision)) }
  /// The unweighted mean of the per-class recalls.
  public var macroRecall: Double { mean(perClass.map(\.recall)) }
  /// The unweighted mean of the per-class F1 scores (scikit-learn's `f1_score(average="macro")`).
  public var macroF1: Double { mean(perClass.map(\.f1)) }

  private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
  private func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
}
