import TensorCore
import Transfer

#if canImport(Glibc)
  import Glibc
#endif

/// The skipgram benchmark suite (prints JSON lines): the configuration of
/// `gensim_sgns.py --workers 1 --vocab 20000 --dim 128` — a Zipf(1) corpus of 2M word ids in
/// sentences of 1000, window 5 without shrinking, 5 negatives, no subsampling, min_count 1, one
/// epoch; pairs are counted exactly as the peer does, and only training is timed (median of 3).
func skipgramBenchmarks() {
  let vocab = 20_000
  let dim = 128
  let sentenceLength = 1000
  let window = 5
  let negatives = 5
  let words = environment("SKIPGRAM_WORDS").flatMap { Int($0) } ?? 2_000_000
  let threadCounts = environment("SKIPGRAM_THREADS").map { $0.split(separator: ",").compactMap { Int($0) } } ?? [1, 2]
  let sentences = zipfCorpus(vocab: vocab, words: words, sentenceLength: sentenceLength, seed: 1234)
  var counts = [Int](repeating: 0, count: vocab)
  for s in sentences { for w in s { counts[Int(w)] += 1 } }
  let pairsPerSentence = (0..<sentenceLength).reduce(0) { $0 + min($1, window) + min(sentenceLength - 1 - $1, window) }
  let pairs = pairsPerSentence * sentences.count
  for threads in threadCounts {
    var rates: [Double] = []
    var cpuRates: [Double] = []
    for repeatIndex in 0..<3 {
      var config = SkipGramConfig()
      config.dim = dim
      config.window = window
      config.negatives = negatives
      config.epochs = 1
      config.minCount = 1
      config.sample = 0
      config.shrinkWindows = false
      config.threads = threads
      config.seed = UInt64(1234 + repeatIndex)
      guard
        let trainer = try? SkipGram(
          words: (0..<vocab).map { "w\($0)" }, counts: counts, sentences: sentences, config: config)
      else { return }
      var trained = 0
      let clock = ContinuousClock()
      let start = clock.now
      let cpuStart = processCPUSeconds()
      _ = trainer.train(pairs: &trained)
      cpuRates.append(Double(pairs) / (processCPUSeconds() - cpuStart))
      let elapsed = clock.now - start
      let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
      if trained != pairs {
        print("{\"bench\":\"skipgram\",\"error\":\"trained \(trained) pairs, expected \(pairs)\"}")
      }
      rates.append(Double(pairs) / seconds)
    }
    rates.sort()
    cpuRates.sort()
    print(
      "{\"bench\":\"skipgram_sgns\",\"config\":{\"vocab\":\(vocab),\"dim\":\(dim),\"window\":\(window),\"negatives\":\(negatives),"
        + "\"sent_len\":\(sentenceLength),\"words\":\(sentences.count * sentenceLength),\"pairs\":\(pairs)},\"threads\":\(threads),"
        + "\"pairs_s\":{\"median\":\(Int(rates[1])),\"min\":\(Int(rates[0])),\"max\":\(Int(rates[2]))},"
        + "\"words_s\":{\"median\":\(Int(rates[1] * Double(words) / Double(pairs)))},"
        + "\"pairs_per_cpu_s\":{\"median\":\(Int(cpuRates[1]))}}")
  }
}

/// An environment variable's value (`SKIPGRAM_WORDS`, `SKIPGRAM_THREADS` shorten a run).
private func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

/// The CPU time this process has used (all threads), in seconds: a rate per CPU second is less
/// disturbed than wall-clock rates when other jobs share the machine.
private func processCPUSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Zipf(1) word ids over `vocab` words, in sentences, drawn with the project's seeded generator.
private func zipfCorpus(vocab: Int, words: Int, sentenceLength: Int, seed: UInt64) -> [[Int32]] {
  var cumulative = [Double](repeating: 0, count: vocab)
  var total = 0.0
  for i in 0..<vocab {
    total += 1 / Double(i + 1)
    cumulative[i] = total
  }
  var rng = RNG(seed: seed)
  return (0..<(words / sentenceLength)).map { _ in
    (0..<sentenceLength).map { _ in
      let u = Double(rng.next() >> 11) / 9_007_199_254_740_992.0 * total
      var lo = 0
      var hi = vocab - 1
      while lo < hi {
        let mid = (lo + hi) / 2
        if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
      }
      return Int32(lo)
    }
  }
}
