import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

// `repl`: parse the command line (usage errors exit 2), then hand over to the driver.
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
