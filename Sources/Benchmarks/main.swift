// The benchmark executable: prints one JSON line per figure. `Benchmarks [SUITE …] [key=value …]`
// runs the named suites (lstm, data, skipgram; lstm-memory is the child process the lstm suite
// starts for its memory figure); no suite name runs them all. Build in release mode.
let suites: [(String, () -> Void)] = [
  ("lstm", lstmBenchmarks), ("data", dataBenchmarks), ("skipgram", skipgramBenchmarks),
  ("lstm-memory", lstmMemoryBenchmark),
]
let wanted = Set(CommandLine.arguments.dropFirst().filter { !$0.contains("=") })
for (name, run) in suites where (wanted.isEmpty && name != "lstm-memory") || wanted.contains(name) { run() }
