import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// The CPU model as /proc/cpuinfo names it ("AMD EPYC", …), or "unknown".
func cpuModel() -> String {
  guard let file = fopen("/proc/cpuinfo", "r") else { return "unknown" }
  defer { fclose(file) }
  var line: UnsafeMutablePointer<CChar>? = nil
  var capacity = 0
  defer { free(line) }
  while getline(&line, &capacity, file) > 0, let text = line.map({ String(cString: $0) }) {
    guard text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") else { continue }
    return String(text[text.index(after: colon)...]).trimmed
  }
  return "unknown"
}

/// Stops with a one-line error if REPL_ISA names an instruction set this CPU cannot run; otherwise
/// prints one JSON line naming the CPU model and the instruction set every figure below ran with.
func reportMachine() {
  if let requested = getenv("REPL_ISA").map({ String(cString: $0) }),
    let problem = BLAS.problem(withRequestedInstructionSet: requested)
  {
    let line = "error: \(problem)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
  }
  let supported = BLAS.supportedInstructionSets.map { "\"\($0)\"" }.joined(separator: ",")
  print(
    "{\"bench\":\"machine\",\"cpu\":\"\(cpuModel())\",\"isa\":\"\(BLAS.instructionSet)\","
      + "\"supported\":[\(supported)]}")
}
