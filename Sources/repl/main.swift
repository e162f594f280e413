import ArgumentParser
import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

// `repl`: check REPL_ISA, parse the command line (usage errors exit 2), then hand over to the driver.
if let requested = getenv("REPL_ISA").map({ String(cString: $0) }),
  let problem = BLAS.problem(withRequestedInstructionSet: requested)
{
  Console.write(2, "error: \(problem)\n")
  exit(2)
}
let status: Int32
do {
  let options = try ReplCommand.parse()
  status = Driver(options: options).run()
} catch {
  let code = ReplCommand.exitCode(for: error)
  if code == .success {
    Console.write(1, ReplCommand.fullMessage(for: error) + "\n")
    status = 0
  } else {
    Console.write(2, ReplCommand.fullMessage(for: error) + "\n")
    status = 2
  }
}
exit(status)
