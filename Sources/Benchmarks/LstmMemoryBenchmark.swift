import Foundation

/// Peak resident memory of training config A at one thread, measured in a child process of its own
/// (`Benchmarks lstm-memory`) so that the other configurations do not count.
func memoryBenchmark(plan: TimingPlan) {
  let child = Process()
  child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
  child.arguments = ["lstm-memory", "steps=\(plan.steps)", "warmup=\(plan.warmup)"]
  let pipe = Pipe()
  child.standardOutput = pipe
  do {
    try child.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    child.waitUntilExit()
    print(String(decoding: output, as: UTF8.self), terminator: "")
  } catch {
    print("{\"bench\":\"lstm\",\"figure\":\"peak_rss_train_A_mib\",\"error\":\"\(error)\"}")
  }
}

/// The `lstm-memory` suite: warm-up and `steps` training steps of config A, then ru_maxrss.
func lstmMemoryBenchmark() {
  let plan = TimingPlan(arguments: Array(CommandLine.arguments.dropFirst()))
  guard let config = LstmBenchConfig.all.first(where: { $0.name == "A" }) else { return }
  do {
    let run = try LstmRun(config: config, threads: 1, plan: plan)
    for i in 0..<(plan.warmup + plan.steps) { try run.trainStep(i) }
    print(
      "{\"bench\":\"lstm\",\"figure\":\"peak_rss_train_A_mib\",\"config\":\"A\",\"threads\":1,"
        + "\"steps\":\(plan.warmup + plan.steps),\"value\":\(round1(peakResidentMiB()))}")
  } catch {
    print("{\"bench\":\"lstm\",\"figure\":\"peak_rss_train_A_mib\",\"error\":\"\(error)\"}")
  }
}
