import TextData

/// Word2vec skip-gram with negative sampling (Mikolov et al. 2013), as in word2vec.c and gensim:
/// a vocabulary sorted by frequency with `min_count`, frequent-word subsampling, a unigram^0.75
/// noise table, a dynamic window, a linearly decaying learning rate and a sigmoid lookup table.
///
/// For a pair (word, context) the context word's input vector predicts the word (label 1) and
/// `negatives` noise words (label 0) through the output vectors, exactly like word2vec.c.
public struct SkipGram: Sendable {
  /// The vocabulary, most frequent first.
  public let words: [String]
  /// Each word's count in the corpus.
  public let counts: [Int]
  /// The corpus as sentences of word ids (words under `min_count` removed).
  public let sentences: [[Int32]]
  /// The settings.
  public let config: SkipGramConfig

  /// Counts the words of `sentences`, keeps those seen at least `minCount` times (most frequent
  /// first, ties alphabetical) and encodes the corpus.
  public init(tokenized: [[String]], config: SkipGramConfig) throws(TransferError) {
    var counts: [String: Int] = [:]
    for sentence in tokenized { for w in sentence { counts[w, default: 0] += 1 } }
    let kept = counts.filter { $0.value >= config.minCount }.sorted {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }
    if kept.isEmpty {
      throw TransferError("no word occurs at least min_count=\(config.minCount) times; lower min_count")
    }
    var index: [String: Int32] = [:]
    for (i, (w, _)) in kept.enumerated() { index[w] = Int32(i) }
    let encoded = tokenized.map { $0.compactMap { index[$0] } }.filter { $0.count > 1 }
    try self.init(words: kept.map(\.key), counts: kept.map(\.value), sentences: encoded, config: config)
  }

  /// A trainer over an already encoded corpus (ids index `words`, `counts` aligned with it).
  public init(words: [String], counts: [Int], sentences: [[Int32]], config: SkipGramConfig) throws(TransferError) {
    if config.dim < 1 || config.window < 1 || config.negatives < 1 || config.epochs < 1 || config.threads < 1 {
      throw TransferError("dim, window, negatives, epochs and threads must be at least 1")
    }
    if sentences.isEmpty { throw TransferError("the corpus has no sentence with two known words to train on") }
    self.words = words
    self.counts = counts
    self.sentences = sentences
    self.config = config
  }

  /// The number of corpus words (after `min_count`).
  public var corpusWords: Int { sentences.reduce(0) { $0 + $1.count } }

  /// Trains and returns the input vectors; `pairs` receives the number of (word, context) pairs
  /// trained. Stops early (returning nil) when `shouldStop` turns true between chunks.
  public func train(pairs: inout Int, shouldStop: @escaping @Sendable () -> Bool = { false }) -> WordVectors? {
    let state = SkipGramState(config: config, counts: counts)
    defer { state.deallocate() }
    let threads = min(config.threads, sentences.count)
    let chunks = (0..<threads).map { t in (sentences.count * t / threads)..<(sentences.count * (t + 1) / threads) }
    let totals = SharedCounters(threads)
    defer { totals.deallocate() }
    let work = Work(state: state, totals: totals)
    let body: @Sendable (Int) -> Void = { [sentences, chunks] t in
      let worker = SkipGramWorker(state: work.state, seed: config.seed &+ UInt64(t) &* 0x9E37_79B9)
      let planned = chunks[t].reduce(0) { $0 + sentences[$1].count } * config.epochs
      var done = 0
      epochs: for _ in 0..<config.epochs {
        for s in chunks[t] {
          if shouldStop() {
            work.totals.stopped(t)
            break epochs
          }
          worker.alpha = config.lr * max(1 - Float(done) / Float(planned + 1), 0.0001)
          sentences[s].withUnsafeBufferPointer { worker.train(sentence: $0) }
          done += sentences[s].count
        }
      }
      work.totals.set(t, worker.pairs)
    }
    if threads == 1 { body(0) } else { runConcurrently(threads, body) }
    pairs = totals.sum
    if totals.anyStopped { return nil }
    return WordVectors(
      words: words, dimension: config.dim, values: state.inputVectors(rows: words.count), source: "skipgram")
  }
}

/// The shared model and counters the workers use, passed across threads.
private struct Work: @unchecked Sendable {
  let state: SkipGramState
  let totals: SharedCounters
}
