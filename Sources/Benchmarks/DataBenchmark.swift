import TextData

#if canImport(Glibc)
  import Glibc
#endif

/// The data benchmark suite (prints JSON lines): load the aclImdb subset (10,000 labeled + 20,000
/// unlabeled reviews) and build a 20,000-word vocabulary from all of it, on one core. The folder
/// is `$REPL_BENCH_ACLIMDB`, else `../shared/data/aclImdb-subset` beside the package. Best of 3 runs.
func dataBenchmarks() {
  let folder = benchEnvironment("REPL_BENCH_ACLIMDB") ?? packageRoot() + "/../shared/data/aclImdb-subset"
  var best: (load: Double, vocab: Double)?
  var shape = (examples: 0, tokens: 0, words: 0)
  for _ in 0..<3 {
    let clock = ContinuousClock()
    let start = clock.now
    guard case .datasets(let loaded)? = try? DataLoader(baseDirectory: ".").load(folder) else {
      print("{\"suite\":\"data\",\"error\":\"cannot load \(folder)\"}")
      return
    }
    let datasets = loaded.map(\.dataset)
    let afterLoad = clock.now
    guard let vocabulary = try? Vocabulary.build(
      from: datasets, sources: [], size: 20000, minCount: 1, settings: TokenizerSettings())
    else { return }
    let afterVocab = clock.now
    let load = seconds(afterLoad - start)
    let vocab = seconds(afterVocab - afterLoad)
    if best == nil || load + vocab < (best?.load ?? 0) + (best?.vocab ?? 0) { best = (load, vocab) }
    if shape.tokens == 0 {
      let tokens = (try? Vocabulary.count(datasets, settings: TokenizerSettings()).total) ?? 0
      shape = (datasets.reduce(0) { $0 + $1.count }, tokens, vocabulary.count)
    }
  }
  guard let best else { return }
  print(
    "{\"suite\":\"data\",\"name\":\"aclimdb_subset_load_vocab\",\"examples\":\(shape.examples),\"tokens\":\(shape.tokens),\"vocab\":\(shape.words),\"load_seconds\":\(rounded(best.load)),\"vocab_seconds\":\(rounded(best.vocab)),\"total_seconds\":\(rounded(best.load + best.vocab))}"
  )
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
