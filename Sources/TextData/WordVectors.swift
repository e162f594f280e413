/// Word vectors: GloVe/word2vec text files or skip-gram pretraining results.
public struct WordVectors: Sendable {
  /// The words, in file order.
  public var words: [String]
  /// The vector width.
  public var dimension: Int
  /// `words.count × dimension` values, row-major.
  public var values: [Float]
  /// Where they came from.
  public var source: String

  public init(words: [String], dimension: Int, values: [Float], source: String) {
    self.words = words
    self.dimension = dimension
    self.values = values
    self.source = source
  }
}
