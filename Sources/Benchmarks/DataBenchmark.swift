import TextData

#if canImport(Glibc)
  import Glibc
#endif

/// The data benchmark suite (prints JSON lines): load the aclImdb subset (10,000 labeled + 20,000
/// unlabeled reviews) and build a 20,000-word vocabulary from all of it, on one core. The folder
/// is `$REPL_BENCH_ACLIMDB`, else `../shared/data/aclImdb-subset` beside the package. Best of 3 runs
/// by wall time; `cpu_seconds` is that run's process CPU time.
func dataBenchmarks() {
  let folder = benchEnvironment("REPL_BENCH_ACLIMDB") ?? packageRoot() + "/../shared/data/aclImdb-subset"
  var best: (load: Double, vocab: Double, cpu: Double)?
  var shape = (examples: 0, tokens: 0, words: 0)
  for _ in 0..<3 {
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = cpuSeconds()
    guard case .datasets(let loaded)? = try? DataLoader(baseDirectory: ".").load(folder) else {
      print("{\"suite\":\"data\",\"error\":\"cannot load \(folder)\"}")
      return
    }
    let datasets = loaded.map(\.dataset)
    let afterLoad = clock.now
    guard
      let vocabulary = try? Vocabulary.build(
        from: datasets, sources: [], size: 20000, minCount: 1, settings: TokenizerSettings())
    else { return }
    let afterVocab = clock.now
    let load = seconds(afterLoad - start)
    let vocab = seconds(afterVocab - afterLoad)
    let cpu = cpuSeconds() - cpuStart
    if best == nil || load + vocab < (best?.load ?? 0) + (best?.vocab ?? 0) { best = (load, vocab, cpu) }
    if shape.tokens == 0 {
      let tokens = (try? Vocabulary.count(datasets, settings: TokenizerSettings()).total) ?? 0
      shape = (datasets.reduce(0) { $0 + $1.count }, tokens, vocabulary.count)
    }
  }
  guard let best else { return }
  print(
    "{\"suite\":\"data\",\"name\":\"aclimdb_subset_load_vocab\",\"examples\":\(shape.examples),\"tokens\":\(shape.tokens),\"vocab\":\(shape.words),\"load_seconds\":\(rounded(best.load)),\"vocab_seconds\":\(rounded(best.vocab)),\"total_seconds\":\(rounded(best.load + best.vocab)),\"cpu_seconds\":\(rounded(best.cpu))}"
  )
  encodeBenchmark(folder)
}

/// Encoding every review with a 20,000-word vocabulary (what training does before batching).
private func encodeBenchmark(_ folder: String) {
  guard case .datasets(let loaded)? = try? DataLoader(baseDirectory: ".").load(folder),
    let vocabulary = try? Vocabulary.build(
      from: loaded.map(\.dataset), sources: [], size: 20000, minCount: 1, settings: TokenizerSettings())
  else { return }
  let clock = ContinuousClock()
  let start = clock.now
  var tokens = 0
  for d in loaded { for e in d.dataset.examples { tokens += vocabulary.encode(e.text).count } }
  let elapsed = seconds(clock.now - start)
  print(
    "{\"suite\":\"data\",\"name\":\"aclimdb_subset_encode\",\"tokens\":\(tokens),\"seconds\":\(rounded(elapsed)),\"tokens_per_second\":\(Int(Double(tokens) / elapsed))}"
  )
}

/// CPU time used by this process so far (user + system), which contention from other jobs on the
/// machine inflates less than wall time.
private func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
}

private func seconds(_ d: Duration) -> Double {
  Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

private func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

private func benchEnvironment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

/// The package root, from this file's location (Sources/Benchmarks/DataBenchmark.swift).
private func packageRoot() -> String {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}
