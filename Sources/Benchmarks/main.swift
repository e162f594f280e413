// The benchmark executable: prints one JSON line per figure. `Benchmarks [SUITE …] [key=value …]`
// runs the named suites (lstm, data, skipgram; lstm-memory is the child process the lstm suite
// starts for its memory figure); no suite name runs them all. Build in release mode.
#if canImport(Glibc)
  import Glibc
#endif

// OpenBLAS, linked here only for the GEMM comparison, starts a pool of worker threads when it is
// loaded that keep polling with sched_yield; on this 2-core machine that slowed the single-thread
// LSTM figures by up to 6 %. The tool itself does not load OpenBLAS, so the benchmark restarts
// itself once with the pool disabled before measuring anything.
if getenv("OPENBLAS_NUM_THREADS").map({ String(cString: $0) }) != "1" {
  setenv("OPENBLAS_NUM_THREADS", "1", 1)
  execv("/proc/self/exe", CommandLine.unsafeArgv)
}

reportMachine()
let suites: [(String, () -> Void)] = [
  ("lstm", lstmBenchmarks), ("data", dataBenchmarks), ("skipgram", skipgramBenchmarks),
  ("lstm-memory", lstmMemoryBenchmark),
]
let wanted = Set(CommandLine.arguments.dropFirst().filter { !$0.contains("=") })
for (name, run) in suites where (wanted.isEmpty && name != "lstm-memory") || wanted.contains(name) { run() }
