/// The data benchmark suite (prints JSON lines).
func dataBenchmarks() {}
