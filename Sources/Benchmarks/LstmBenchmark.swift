/// The lstm benchmark suite (prints JSON lines).
func lstmBenchmarks() {}
