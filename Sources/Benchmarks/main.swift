// The benchmark executable: prints one JSON line per figure. `Benchmarks [SUITE …]` runs the named
// suites (lstm, data, skipgram); no argument runs them all. Build in release mode.
let suites: [(String, () -> Void)] = [
  ("lstm", lstmBenchmarks), ("data", dataBenchmarks), ("skipgram", skipgramBenchmarks),
]
let wanted = Set(CommandLine.arguments.dropFirst())
for (name, run) in suites where wanted.isEmpty || wanted.contains(name) { run() }
