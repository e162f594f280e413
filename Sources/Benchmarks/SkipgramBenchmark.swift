/// The skipgram benchmark suite (prints JSON lines).
func skipgramBenchmarks() {}
