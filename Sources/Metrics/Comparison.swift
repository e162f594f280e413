import TextFormatting

/// One row of `compare`: a model's scores on the shared dataset, and an optional note (the transfer
/// area adds negative-transfer flags here).
public struct ComparisonRow: Sendable {
  /// The model's name.
  public var model: String
  /// Its scores on the shared dataset.
  public var evaluation: Evaluation
  /// Free text shown in a last `note` column (e.g. `negative transfer: below scratch`).
  public var note: String

  /// A row; `note` is empty unless a flag applies.
  public init(model: String, evaluation: Evaluation, note: String = "") {
    self.model = model
    self.evaluation = evaluation
    self.note = note
  }
}

/// The `compare` table: accuracy, macro precision/recall/F1 and loss per model; the best value in
/// each column (highest, lowest for loss; ties all marked) carries a `*`, the other cells a blank in
/// its place, so right-aligned columns keep their digits lined up.
public enum Comparison {
  /// The table for `rows`, in their order.
  public static func table(_ rows: [ComparisonRow]) -> ScoreTable {
    let columns: [(name: String, value: (Evaluation) -> Double, higherIsBetter: Bool)] = [
      ("accuracy", { $0.accuracy }, true), ("macro_p", { $0.macroPrecision }, true),
      ("macro_r", { $0.macroRecall }, true), ("macro_f1", { $0.macroF1 }, true), ("loss", { $0.loss }, false),
    ]
    let hasNotes = rows.contains { !$0.note.isEmpty }
    var table = ScoreTable(header: ["model"] + columns.map(\.name) + (hasNotes ? ["note"] : []))
    let texts = columns.map { column in rows.map { decimal(column.value($0.evaluation)) } }
    let bests = zip(columns, texts).map { column, cells -> String? in
      let values = rows.map { column.value($0.evaluation) }
      guard let best = column.higherIsBetter ? values.max() : values.min() else { return nil }
      return decimal(best)
    }
    for (r, row) in rows.enumerated() {
      let cells = columns.indices.map { c in
        rows.count < 2 ? texts[c][r] : texts[c][r] + (texts[c][r] == bests[c] ? "*" : " ")
      }
      table.rows.append([row.model] + cells + (hasNotes ? [row.note] : []))
    }
    return table
  }
}
