import TensorKernels

/// Softmax cross-entropy over chosen rows of a logits matrix, one `tk_cross_entropy_row` a row (the
/// same bits on every instruction set): the loss a classifier's, a language model's and a masked
/// decoder's scored rows share.
public enum CrossEntropyRows {
  /// For each `(row, target)`: adds −log softmax(`logits` row)[target] to the total and writes
  /// `scale` × (softmax − one-hot) into the same row of `gradient` (other rows are left as they are).
  /// Returns the total and how many rows have their largest logit at the target.
  public static func accumulate(
    _ logits: Tensor, width: Int, rows: [(row: Int, target: Int32)], scale: Float, into gradient: inout Tensor
  ) -> (total: Double, correct: Int) {
    var total = 0.0
    var correct = 0
    logits.withPointer { x in
      gradient.withMutablePointer { g in
        var arg = 0
        for (row, target) in rows {
          let base = row * width
          total += tk_cross_entropy_row(x + base, width, Int(target), scale, g + base, &arg)
          if arg == Int(target) { correct += 1 }
        }
      }
    }
    return (total, correct)
  }
}
