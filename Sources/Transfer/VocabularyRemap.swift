import TextFormatting

/// Row-by-token copying between two vocabularies (embedding rows, a language model's output rows).
///
/// Target row `i` receives the source row of the same token string; target tokens the source does
/// not know get the mean of all source rows (fastai's rule in `match_embeds`); the `<pad>` row of
/// an embedding stays zero.
public struct VocabularyRemap: Sendable, Equatable {
  /// How many target tokens were found in the source.
  public var found: Int
  /// The number of target tokens.
  public var total: Int
  /// The new rows, `total × width`, row-major.
  public var values: [Float]

  /// Remaps `source` (rows of `width` values, one per `sourceTokens` entry) onto `targetTokens`.
  /// `zeroRows` lists target rows to leave at zero (the `<pad>` row of an embedding).
  public init(source: [Float], sourceTokens: [String], width: Int, targetTokens: [String], zeroRows: Set<Int> = []) {
    var sourceRow: [String: Int] = [:]
    for (i, token) in sourceTokens.enumerated() where sourceRow[token] == nil { sourceRow[token] = i }
    let mean = Self.meanRow(source, rows: sourceTokens.count, width: width)
    var values = [Float](repeating: 0, count: targetTokens.count * width)
    var found = 0
    for (i, token) in targetTokens.enumerated() {
      let row = sourceRow[token]
      if row != nil { found += 1 }
      if zeroRows.contains(i) { continue }
      for j in 0..<width { values[i * width + j] = row.map { source[$0 * width + j] } ?? mean[j] }
    }
    self.found = found
    self.total = targetTokens.count
    self.values = values
  }

  /// The column means of a `rows × width` matrix, accumulated in Double.
  static func meanRow(_ m: [Float], rows: Int, width: Int) -> [Float] {
    var sums = [Double](repeating: 0, count: width)
    for i in 0..<rows {
      for j in 0..<width { sums[j] += Double(m[i * width + j]) }
    }
    return sums.map { rows > 0 ? Float($0 / Double(rows)) : 0 }
  }

  /// `found 8,123 of 10,002 target tokens in the source vocabulary`.
  public var summary: String {
    "found \(grouped(found)) of \(grouped(total)) target tokens in the source vocabulary"
      + (found < total ? " (the other \(grouped(total - found)) get the mean source row)" : "")
  }
}
