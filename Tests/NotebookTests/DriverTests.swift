import Foundation
import LineEditing
import ReplTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What a finished `repl` process printed and returned.
struct Run {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `repl` with `arguments` in `folder`, feeding `input` on stdin (a pipe: not a terminal);
/// `detached` runs it through setsid(1), without a controlling terminal (no /dev/tty either).
func runRepl(
  _ arguments: [String], in folder: String, input: String = "", detached: Bool = false,
  environment: [String: String] = [:], binary: String? = nil
) throws -> Run {
  let process = Process()
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let binary = try binary ?? TestPaths.replBinary()
  process.executableURL = URL(fileURLWithPath: detached ? "/usr/bin/setsid" : binary)
  process.arguments = detached ? [binary] + arguments : arguments
  process.currentDirectoryURL = URL(fileURLWithPath: folder)
  let stdin = Pipe()
  let stdout = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = stdout
  process.standardError = stderr
  try process.run()
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  let out = stdout.fileHandleForReading.readDataToEndOfFile()
  let err = stderr.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Run(
    status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
    stderr: String(decoding: err, as: UTF8.self))
}

@Suite(.serialized) struct DriverTests {
  @Test func runEchoesEachCommandSoTheLogIsATranscript() throws {
    let dir = try TestPaths.folder(with: ["s.repl": "set a 1\nhelp \\\n  drop\n"])
    let run = try runRepl(["--run", "s.repl"], in: dir)
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("repl> set a 1\nrepl> help \\\n...>   drop\ndrop: Remove"))
    #expect(
      try runRepl(["--run", "log.txt", "--check"], in: try TestPaths.folder(with: ["log.txt": run.stdout])).status == 0)
  }

  @Test func stepModeReadsAnswersFromAPipeAndEchoesThem() throws {
    let dir = try TestPaths.folder(with: [
      "s.repl": "# one\nrepl> set a 1\n# two\nrepl> set b 2\n# three\nrepl> set c 3\n"
    ])
    let run = try runRepl(["--run", "s.repl", "--step"], in: dir, input: "\ns\nq\n", detached: true)
    let prompt = { (k: Int) in "step \(k) of 3 (Enter run, ? keys)> " }
    #expect(run.stdout.contains("step 1 of 3\none\nrepl> set a 1\n\(prompt(1))\n"))
    #expect(run.stdout.contains("repl> set b 2\n\(prompt(2))s\nskipped step 2\n"))
    #expect(run.stdout.contains("repl> set c 3\n\(prompt(3))q\n"))
    #expect(run.status == 0)
  }

  @Test func exitStatusesFollowTheContract() throws {
    let dir = try TestPaths.folder(with: [
      "ok.txt": "repl> drop x\nerror: no object named 'x'\n",
      "fails.repl": "set a 1\ndrop nothing\nset b 2\n",
      "syntax.repl": "lsit\n",
      "mismatch.txt": "repl> help drop\nsomething else\n",
      "orphan.txt": "# prose\n...> more\n",
    ])
    #expect(try runRepl(["--run", "ok.txt", "--check"], in: dir).status == 0)
    let failed = try runRepl(["--run", "fails.repl"], in: dir)
    #expect(failed.status == 1)
    #expect(failed.stderr == "fails.repl:2: error: no object named 'nothing'\n")
    #expect(!failed.stdout.contains("error"))
    #expect(!failed.stdout.contains("set b 2"))
    #expect(try runRepl(["--run", "fails.repl", "--keep-going"], in: dir).stdout.contains("repl> set b 2"))
    #expect(try runRepl(["--run", "syntax.repl"], in: dir).status == 2)
    let mismatch = try runRepl(["--run", "mismatch.txt", "--check"], in: dir)
    #expect(mismatch.status == 3)
    #expect(mismatch.stdout.contains("--- mismatch.txt:2 expected"))
    let orphan = try runRepl(["--run", "orphan.txt"], in: dir)
    #expect(orphan.status == 2)
    #expect(orphan.stderr.hasPrefix("orphan.txt:2: "))
    let missing = try runRepl(["--run", "missing.txt"], in: dir)
    #expect(missing.status == 2)
    #expect(missing.stderr.hasPrefix("missing.txt:1: "))
    #expect(try runRepl(["--bogus"], in: dir).status == 2)
  }

  @Test func oneCommandSetVariablesAndPipedInput() throws {
    let dir = try TestPaths.folder(with: [:])
    let one = try runRepl(["-c", "help $topic", "--set", "topic=drop"], in: dir)
    #expect(one.status == 0)
    #expect(one.stdout.hasPrefix("drop: "))
    let piped = try runRepl([], in: dir, input: "set a 1\ndrop nothing\n")
    #expect(piped.status == 1)
    #expect(piped.stdout == "")
    #expect(piped.stderr == "<stdin>:2: error: no object named 'nothing'\n")
    #expect(try runRepl(["--version"], in: dir).stdout.hasPrefix("0."))
  }

  @Test func updateRewritesTheFileAndRecordWritesATranscript() throws {
    let dir = try TestPaths.folder(with: ["u.txt": "# prose\nrepl> help drop\nold\n"])
    #expect(try runRepl(["--run", "u.txt", "--update"], in: dir).status == 0)
    let updated = try String(contentsOfFile: dir + "/u.txt", encoding: .utf8)
    #expect(updated.hasPrefix("# prose\nrepl> help drop\ndrop: "))
    #expect(try runRepl(["--run", "u.txt", "--check"], in: dir).status == 0)
    #expect(try runRepl(["--record", "rec.txt"], in: dir, input: "help list\ndrop x\n").status == 1)
    let recorded = try String(contentsOfFile: dir + "/rec.txt", encoding: .utf8)
    #expect(recorded.contains("repl> drop x\nerror: no object named 'x'\n"))
    #expect(try runRepl(["--run", "rec.txt", "--check"], in: dir).status == 0)
  }

  /// SIGINT once the long `source` has begun: its `repl> source long.repl` echo is the ready signal
  /// (no sleep decides the outcome; 400,000 commands take far longer than the signal to arrive).
  @Test func ctrlCDuringACommandExitsWith130() throws {
    let lines = String(repeating: "set a 1\n", count: 400_000)
    let dir = try TestPaths.folder(with: ["long.repl": lines, "main.repl": "source long.repl\nset done 1\n"])
    let run = try SignalledRun(["--run", "main.repl"], in: dir, marker: "repl> source long.repl\n", signal: SIGINT)
    #expect(run.status == 130, "\(run.stdout.suffix(300))")
    #expect(run.stderr.contains("error: interrupted"))
  }

  @Test(.enabled(if: TestConditions.hasPython, "needs python3 (scripts/pty_test.py)"))
  func promptInAPseudoTerminal() throws {
    let (status, text) = try runPtyTest([])
    #expect(status == 0, "\(text)")
  }

  /// Lesson 02 with `--step` at a terminal: an aside, an edited step, a Ctrl-C'd and skipped long
  /// step, the lesson finished with status 0 (scripts/pty_test.py --step-lesson).
  @Test(
    .enabled(if: TestConditions.hasPython, "needs python3 (scripts/pty_test.py)"),
    .enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func stepModeTeachesLessonTwoInAPseudoTerminal() throws {
    let (status, text) = try runPtyTest(["--step-lesson"])
    #expect(status == 0, "\(text)")
  }

  /// Runs scripts/pty_test.py with `options` and the repl binary; its status and output.
  func runPtyTest(_ options: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", TestPaths.inPackage("scripts/pty_test.py")] + options + [try TestPaths.replBinary()]
    // The step lesson reads the data directory: the one every lesson test uses.
    process.environment = ProcessInfo.processInfo.environment.merging(["REPL_DATA": TestPaths.data]) { _, new in new }
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  @Test func errorsGoToStandardErrorInEveryMode() throws {
    let dir = try TestPaths.folder(with: ["s.repl": "help drop\ndrop x\n"])
    let one = try runRepl(["-c", "frob"], in: dir)
    #expect(one.status == 2)
    #expect(one.stdout == "")
    #expect(one.stderr.hasPrefix("error: unknown command 'frob'"))
    let script = try runRepl(["--run", "s.repl"], in: dir)
    #expect(script.stdout.hasPrefix("repl> help drop\ndrop: "))
    #expect(script.stdout.hasSuffix("repl> drop x\n"))
    #expect(script.stderr == "s.repl:2: error: no object named 'x'\n")
    let warned = try runRepl(
      ["-c", "synth d domain=movies n=20", "-c", "vocab v from d stopwords=english min_count=1"], in: dir)
    #expect(warned.status == 0)
    #expect(warned.stderr.hasPrefix("warning: stopwords=english"))
    #expect(!warned.stdout.contains("warning"))
  }

  @Test func repeatedDashCRunsInOrderAndStopsAtAFailure() throws {
    let dir = try TestPaths.folder(with: [:])
    let run = try runRepl(["-c", "set a 1", "-c", "help $a", "-c", "help drop"], in: dir)
    #expect(run.status == 1)
    #expect(run.stderr.hasPrefix("-c 2: error: no help for '1'"))
    #expect(!run.stdout.contains("drop:"))
    let both = try runRepl(["-c", "set t drop", "-c", "help $t", "-c", "help list"], in: dir)
    #expect(both.status == 0)
    #expect(both.stdout.hasPrefix("drop: "))
    #expect(both.stdout.contains("\nlist: "))
    let going = try runRepl(["-c", "help nothing", "-c", "help list", "--keep-going"], in: dir)
    #expect(going.status == 1)
    #expect(going.stdout.hasPrefix("list: "))
  }

  @Test func runDashReadsTheScriptFromStandardInput() throws {
    let dir = try TestPaths.folder(with: [:])
    let run = try runRepl(["--run", "-"], in: dir, input: "set a 1\nhelp drop\ndrop x\n")
    #expect(run.status == 1)
    #expect(run.stdout.hasPrefix("repl> set a 1\nrepl> help drop\ndrop: "))
    #expect(run.stderr == "<stdin>:3: error: no object named 'x'\n")
    let checked = try runRepl(["--run", "-", "--check"], in: dir, input: "repl> drop x\nerror: no object named 'x'\n")
    #expect(checked.status == 0)
    #expect(checked.stdout == "<stdin>: 1 commands checked, ok\n")
    #expect(try runRepl(["--run", "-", "--update"], in: dir).status == 2)
  }

  @Test func historyIsAppendedByConcurrentSessionsAndCapped() throws {
    let dir = try TestPaths.folder(with: [:])
    let path = dir + "/state/repl/history"
    let writers = (0..<2).map { _ in HistoryFile(path: path) }
    DispatchQueue.concurrentPerform(iterations: 2) { w in
      for i in 0..<200 { writers[w].append("set v\(w) \(i) \\ end") }
    }
    let entries = HistoryFile(path: path).entries()
    #expect(entries.count == 400)
    #expect(entries.filter { $0.hasPrefix("set v1 ") }.last == "set v1 199 \\ end")
    let raw = try String(contentsOfFile: path, encoding: .utf8)
    #expect(raw.hasPrefix("_HiStOrY_V2_\nset\\040v"))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let small = HistoryFile(path: dir + "/small", maxBytes: 1000, maxEntries: 30)
    for i in 0..<500 { small.append("help \(i)") }
    let kept = small.entries()
    #expect(kept.count >= 30 && kept.count < 100)
    #expect(kept == (500 - kept.count..<500).map { "help \($0)" }, "the newest entries, in order")
    let size = try FileManager.default.attributesOfItem(atPath: dir + "/small")[.size] as? Int ?? 0
    #expect(size <= 1000 + 20)
  }
}
