/// The settings of `pretrain skipgram` (word2vec's names and defaults).
public struct SkipGramConfig: Sendable, Equatable {
  /// Vector size.
  public var dim = 100
  /// Maximum distance between a word and a context word.
  public var window = 5
  /// Noise words drawn per (word, context) pair.
  public var negatives = 5
  /// Passes over the corpus.
  public var epochs = 3
  /// Words seen fewer times are dropped.
  public var minCount = 5
  /// Frequent-word subsampling threshold (0 turns subsampling off).
  public var sample = 1e-3
  /// Initial learning rate, decayed linearly to `lr × 0.0001`.
  public var lr: Float = 0.025
  /// The random seed (initial vectors, subsampling, windows, noise words).
  public var seed: UInt64 = 1
  /// Worker threads (1 is deterministic; more run Hogwild-style like word2vec).
  public var threads = 1
  /// word2vec's dynamic window (a random effective window per word); off gives exactly
  /// `2 × window` contexts per word, as gensim's `shrink_windows=False`.
  public var shrinkWindows = true

  /// The defaults.
  public init() {}
}
