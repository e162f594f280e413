import Foundation
import ReplTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// SIGTERM and SIGINT stop `repl --run`, `-c` and piped input during every kind of long command,
/// within 2 seconds, with exit status 143 / 130 and the `--record` transcript written.
///
/// Each case starts the binary, waits until it has printed the marker that the long command has
/// begun (its `repl> …` echo in `--run`), sends the signal and times the exit. No sleep decides the
/// outcome: without cancellation every long command here runs for far more than 2 seconds.
@Suite(.serialized) struct SignalTests {
  /// A long-running command and what must run before it.
  struct Case: CustomStringConvertible, Sendable {
    var kind: String
    var setup: [String]
    var command: String
    var description: String { kind }
  }

  static let lm = [
    "synth d n=200", "vocab v from d", "model lm = embedding dim=8 | lstm hidden=8 | dense out=vocab vocab=v",
  ]
  static let classifier = [
    "load small from small.tsv", "vocab v from small", "model clf = embedding dim=8 | pool mean | dense out=2 vocab=v",
    "train clf on small epochs=1",
  ]

  static let cases: [Case] = [
    Case(kind: "generate", setup: lm, command: "generate lm \"the\" n=10000000"),
    Case(kind: "synth", setup: [], command: "synth s n=3000000"),
    Case(
      kind: "model construction", setup: [],
      command: "model big = embedding dim=1000 | pool mean | dense out=2 vocab_size=20000"),
    Case(kind: "vocabulary building", setup: ["load d from big.tsv"], command: "vocab w from d"),
    Case(kind: "loading", setup: [], command: "load d from big.tsv"),
    Case(kind: "evaluation", setup: classifier + ["load d from big.tsv"], command: "eval clf on d"),
    Case(kind: "skip-gram", setup: ["synth d n=2000"], command: "pretrain skipgram s on d epochs=100000 min_count=1"),
    Case(kind: "training", setup: lm, command: "train lm on d task=lm epochs=100000"),
  ]

  /// A folder with `small.tsv` (40 examples) and `big.tsv` (150,000 examples: seconds to load,
  /// count or evaluate in a debug build).
  static let folder: String = {
    let folder = NSTemporaryDirectory() + "repl-signals-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let words = ["the", "film", "was", "good", "bad", "not", "a", "plot", "very", "boring", "moving", "actor"]
    func rows(_ n: Int) -> String {
      var text = "label\ttext\n"
      for i in 0..<n {
        let body = (0..<12).map { words[(i * 7 + $0 * 5 + $0 * i) % words.count] }.joined(separator: " ")
        text += "\(i % 2 == 0 ? "neg" : "pos")\t\(body) w\(i)\n"
      }
      return text
    }
    _ = FileManager.default.createFile(atPath: folder + "/small.tsv", contents: Data(rows(40).utf8))
    _ = FileManager.default.createFile(atPath: folder + "/big.tsv", contents: Data(rows(150_000).utf8))
    return folder
  }()

  @Test(arguments: cases)
  func sigtermStopsARunDuringALongCommand(_ c: Case) throws {
    let script = SignalTests.folder + "/\(c.kind.replacingOccurrences(of: " ", with: "-")).repl"
    try (c.setup + [c.command, "list"]).joined(separator: "\n").appending("\n")
      .write(toFile: script, atomically: true, encoding: .utf8)
    let record = script + ".record"
    let run = try SignalledRun(
      ["--run", script, "--record", record], in: SignalTests.folder, marker: "repl> \(c.command)\n", signal: SIGTERM)
    #expect(run.status == 143, "\(c.kind): \(run.stdout)\(run.stderr)")
    #expect(run.secondsToExit < 2, "\(c.kind) took \(run.secondsToExit) s after SIGTERM")
    #expect(!run.stdout.contains("repl> list"), "\(c.kind): the run went on: \(run.stdout)")
    #expect((run.stdout + run.stderr).contains("error: interrupted"), "\(c.kind): \(run.stdout)\(run.stderr)")
    let transcript = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
    let recorded = transcript.components(separatedBy: "repl> \(c.command)\n")
    #expect(recorded.count == 2 && recorded[1].hasSuffix("error: interrupted\n"), "\(c.kind): \(transcript)")
  }

  @Test func sigintStopsARunWithStatus130() throws {
    let script = SignalTests.folder + "/int.repl"
    try "synth s n=3000000\nlist\n".write(toFile: script, atomically: true, encoding: .utf8)
    let run = try SignalledRun(
      ["--run", script], in: SignalTests.folder, marker: "repl> synth s n=3000000\n", signal: SIGINT)
    #expect(run.status == 130, "\(run.stdout)\(run.stderr)")
    #expect(run.secondsToExit < 2)
  }

  @Test func sigtermStopsOneCommand() throws {
    // The one command sources a script whose first command prints the marker.
    try "timing on\nsynth s n=3000000\nlist\n".write(
      toFile: SignalTests.folder + "/one.repl", atomically: true, encoding: .utf8)
    let run = try SignalledRun(
      ["-c", "source one.repl"], in: SignalTests.folder, marker: "timing on\n", signal: SIGTERM)
    #expect(run.status == 143, "\(run.stdout)\(run.stderr)")
    #expect(run.secondsToExit < 2)
  }

  @Test func sigtermStopsPipedInput() throws {
    let run = try SignalledRun(
      [], in: SignalTests.folder, input: "timing on\nsynth s n=3000000\nlist\n", marker: "timing on\n", signal: SIGTERM)
    #expect(run.status == 143, "\(run.stdout)\(run.stderr)")
    #expect(run.secondsToExit < 2)
    #expect(!run.stdout.contains("no objects"), "the next command ran: \(run.stdout)")
  }
}

/// A `repl` process signalled once its standard output ends with `marker`.
struct SignalledRun {
  var status: Int32
  var stdout: String
  var stderr: String
  /// Seconds from the signal to the process's exit.
  var secondsToExit: Double

  /// Starts `repl arguments` in `folder`, waits (at most 5 minutes) until its output contains
  /// `marker`, sends `signal` and waits for the exit.
  init(_ arguments: [String], in folder: String, input: String = "", marker: String, signal: Int32) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try TestPaths.replBinary())
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    let errors = OutputCollector(stderr.fileHandleForReading)
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    var out = Data()
    let deadline = Date().addingTimeInterval(300)
    while !String(decoding: out, as: UTF8.self).contains(marker) {
      let chunk = stdout.fileHandleForReading.availableData
      if chunk.isEmpty || Date() > deadline {
        process.terminate()
        throw TestSupportError("no '\(marker)' before the output ended: \(String(decoding: out, as: UTF8.self))")
      }
      out.append(chunk)
    }
    let start = Date()
    kill(process.processIdentifier, signal)
    out.append(stdout.fileHandleForReading.readDataToEndOfFile())
    process.waitUntilExit()
    secondsToExit = Date().timeIntervalSince(start)
    try? stdin.fileHandleForWriting.close()
    status = process.terminationStatus
    self.stdout = String(decoding: out, as: UTF8.self)
    self.stderr = errors.finish()
  }
}

/// Reads a pipe to its end on a background thread (so the child never blocks on a full pipe).
final class OutputCollector: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  /// Everything read, once the pipe has closed.
  func finish() -> String {
    done.wait()
    return String(decoding: data, as: UTF8.self)
  }
}
