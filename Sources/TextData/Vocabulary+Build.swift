import TensorCore

extension Vocabulary {
  /// Builds a vocabulary from the examples of `datasets`: tokens seen at least `minCount` times, the
  /// `size` most frequent first, ties in frequency broken by byte order so the result is
  /// deterministic. `sources` names the datasets (kept for coverage reports). With `mask`, a
  /// `<mask>` token follows the words (the last id), for masked-language-model training; the words
  /// keep the ids they have without it.
  public static func build(
    from datasets: [Dataset], sources: [String], size: Int, minCount: Int, settings: TokenizerSettings,
    mask: Bool = false, cancellation: CancellationToken? = nil
  ) throws -> Vocabulary {
    let counter = try count(datasets, settings: settings, cancellation: cancellation)
    var words: [String] = []
    for i in counter.ranked() {
      if words.count >= size || counter.counts[i] < minCount { break }
      let word = counter.token(i)
      if ![Vocabulary.pad, Vocabulary.unk, Vocabulary.mask].contains(word) { words.append(word) }
    }
    if mask { words.append(Vocabulary.mask) }
    var vocabulary = Vocabulary(words: words, settings: settings)
    vocabulary.sources = sources
    return vocabulary
  }

  /// Token counts over every example of `datasets`.
  public static func count(
    _ datasets: [Dataset], settings: TokenizerSettings, cancellation: CancellationToken? = nil
  ) throws -> TokenCounter {
    let tokenizer = Tokenizer(settings: settings)
    var counter = TokenCounter()
    for dataset in datasets {
      for (i, example) in dataset.examples.enumerated() {
        if i % 1024 == 0, cancellation?.isCancelled == true { throw CancelledError() }
        tokenizer.forEachToken(in: example.text) { counter.add($0) }
      }
    }
    return counter
  }

  /// How many tokens of `dataset` the vocabulary knows: `(known, total)` (OOV rate = 1 − known/total).
  /// Stops early once the running command is cancelled (`CancellationToken.current`, polled every
  /// 1,024 examples): the counts are then partial and the caller stops too.
  public func coverage(of dataset: Dataset) -> (known: Int, total: Int) {
    var known = 0
    var total = 0
    let tokenizer = Tokenizer(settings: settings)
    let token = CancellationToken.current
    for (i, example) in dataset.examples.enumerated() {
      if i % 1024 == 0, token?.isCancelled == true { break }
      tokenizer.forEachToken(in: example.text) {
        total += 1
        if id(bytes: $0) != Vocabulary.unkID { known += 1 }
      }
    }
    return (known, total)
  }
}
