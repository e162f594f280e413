import ReplEngine
import Transcripts

/// Replays a transcript through a `Session`: the driver behind `repl --run`.
public final class Replay {
  let session: Session
  let file: String
  let options: ReplayOptions
  /// Writes text to standard output.
  let write: (String) -> Void
  /// Writes the commands' errors and warnings (standard error).
  let writeError: (String) -> Void
  /// Reads the step-mode answers (`--step`); nil quits at the first step.
  let stepConsole: StepConsole?
  /// Whether Ctrl-C was pressed (checked between commands).
  let interruptRequested: () -> Bool

  /// A replay of `file` into `session`, printing results with `write` and the commands' errors and
  /// warnings with `writeError` (`write` when nil).
  public init(
    session: Session, file: String, options: ReplayOptions, write: @escaping (String) -> Void,
    writeError: ((String) -> Void)? = nil, stepConsole: StepConsole? = nil,
    interruptRequested: @escaping () -> Bool = { false }
  ) {
    self.session = session
    self.file = file
    self.options = options
    self.write = write
    self.writeError = writeError ?? write
    self.stepConsole = stepConsole
    self.interruptRequested = interruptRequested
  }

  /// Runs every command of `transcript`, in place updating its expected outputs when `--update`.
  public func run(_ transcript: inout Transcript) -> ReplayOutcome {
    if options.step {
      return StepRunner(replay: self, console: stepConsole ?? ScriptedStepConsole([])).run(&transcript)
    }
    var outcome = ReplayOutcome()
    for index in transcript.items.indices {
      guard case .command(var block) = transcript.items[index] else { continue }
      if interruptRequested() {
        outcome.interrupted = true
        break
      }
      let result = runBlock(&block, transcript.isPlainScript, &outcome)
      transcript.items[index] = .command(block)
      if record(result, of: block, transcript.isPlainScript, &outcome) { break }
    }
    return outcome
  }

  /// Notes a command's result in `outcome`; true when the replay must stop (Ctrl-C, `quit`, or an
  /// unexpected failure without `--keep-going`).
  func record(_ result: CommandResult, of block: Transcript.Block, _ plain: Bool, _ outcome: inout ReplayOutcome)
    -> Bool
  {
    if result.status == .interrupted { outcome.interrupted = true }
    let unexpected = !result.succeeded && !(block.expectsFailure && !plain)
    if unexpected && outcome.failure == nil { outcome.failure = result.status }
    return result.status == .interrupted || result.status == .quit || (unexpected && !options.keepGoing)
  }

  /// Executes one block, echoing or comparing as the options say.
  func runBlock(_ block: inout Transcript.Block, _ plain: Bool, _ outcome: inout ReplayOutcome) -> CommandResult {
    let comparing = (options.check || options.update) && !plain
    let echo = !options.check
    // After `format json` the command's JSON object names it, so no `repl> ` echo is printed.
    session.errorLocation = block.expectsFailure && !plain ? "" : "\(file):\(block.line): "
    session.sink = echo ? write : nil
    session.errorSink = echo ? writeError : nil
    if echo && !options.step && !session.jsonOutput {
      write(TranscriptWriter.command(block.typed))
    }
    let result = session.execute(block.command, typed: block.typed)
    outcome.executed += 1
    guard comparing else { return result }
    let actual = TranscriptWriter.output(result.output, mask: VolatileMask(workingDirectory: session.workingDirectory))
    let matcher = OutputMatcher(tolerance: block.tolerance)
    let failedAsExpected = block.expectsFailure == !result.succeeded
    if !matcher.matches(block.expected, actual) || !failedAsExpected {
      outcome.mismatches += 1
      let diff = LineDiff(block.expected, actual, equal: matcher.lineMatches)
      if options.check {
        if !failedAsExpected {
          let what = block.expectsFailure ? "was expected to fail but succeeded" : "failed unexpectedly"
          write("\(file):\(block.line): the command \(what)\n")
        }
        write(diff.unified(file: file, line: block.outputLine, command: block.command))
      }
      if options.update { block.expected = diff.merged }
    }
    return result
  }
}
