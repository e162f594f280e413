import TextFormatting

extension Evaluation {
  /// `loss 0.512  accuracy 0.815  macro-F1 0.814` for one-line summaries.
  public var summary: String {
    "loss \(decimal(loss))  accuracy \(decimal(accuracy))  macro-F1 \(decimal(macroF1))"
  }

  /// Per-class precision, recall, F1 and support, with a macro-average row.
  public var scoreTable: ScoreTable {
    var table = ScoreTable(header: ["class", "precision", "recall", "f1", "support"])
    for (name, s) in zip(labelNames, perClass) {
      table.rows.append([name, decimal(s.precision), decimal(s.recall), decimal(s.f1), "\(s.support)"])
    }
    table.rows.append(["macro avg", decimal(macroPrecision), decimal(macroRecall), decimal(macroF1), "\(count)"])
    return table
  }

  /// The confusion matrix with label names: one row per true class, one column per prediction.
  public var confusionTable: ScoreTable {
    ScoreTable(
      header: ["true \\ predicted"] + labelNames,
      rows: labelNames.indices.map { [labelNames[$0]] + confusion.counts[$0].map(String.init) })
  }
}
