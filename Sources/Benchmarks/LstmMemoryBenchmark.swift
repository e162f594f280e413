#if canImport(Glibc)
  import Glibc
#endif

/// Peak resident memory of training config A at one thread, measured in a child process of its own
/// (`Benchmarks lstm-memory`, which prints the JSON line) so that the other configurations do not
/// count. Started with posix_spawn, so the benchmark does not load Foundation.
func memoryBenchmark(plan: TimingPlan) {
  let arguments = ["/proc/self/exe", "lstm-memory", "steps=\(plan.steps)", "warmup=\(plan.warmup)"]
  var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
  defer { for argument in argv { free(argument) } }
  fflush(nil)
  var pid = pid_t()
  let status = posix_spawn(&pid, "/proc/self/exe", nil, nil, &argv, environ)
  guard status == 0 else {
    print("{\"bench\":\"lstm\",\"figure\":\"peak_rss_train_A_mib\",\"error\":\"posix_spawn failed (\(status))\"}")
    return
  }
  var exit: Int32 = 0
  waitpid(pid, &exit, 0)
}

/// The `lstm-memory` suite: warm-up and `steps` training steps of config A, then ru_maxrss.
func lstmMemoryBenchmark() {
  let plan = TimingPlan(arguments: Array(CommandLine.arguments.dropFirst()))
  guard let config = LstmBenchConfig.all.first(where: { $0.name == "A" }) else { return }
  do {
    let start = peakResidentMiB()
    let run = try LstmRun(config: config, threads: 1, plan: plan)
    let built = peakResidentMiB()
    try run.trainStep(0)
    let first = peakResidentMiB()
    for i in 1..<(plan.warmup + plan.steps) { try run.trainStep(i) }
    print(
      "{\"bench\":\"lstm\",\"figure\":\"peak_rss_train_A_mib\",\"config\":\"A\",\"threads\":1,"
        + "\"steps\":\(plan.warmup + plan.steps),\"value\":\(round1(peakResidentMiB())),"
        + "\"at_start\":\(round1(start)),\"after_build\":\(round1(built)),\"after_first_step\":\(round1(first))}")
  } catch {
    print("{\"bench\":\"lstm\",\"figure\":\"peak_rss_train_A_mib\",\"error\":\"\(error)\"}")
  }
}
