import ReplEngine

/// How `repl --run` replays a transcript.
public struct ReplayOptions: Sendable {
  /// `--check`: compare outputs, print a diff per mismatch.
  public var check = false
  /// `--update`: rewrite the expected outputs in the file.
  public var update = false
  /// `--step`: show the prose and wait before each command.
  public var step = false
  /// `--keep-going`: do not stop at a failing command.
  public var keepGoing = false
  /// Options with every mode off (plain `--run`).
  public init(check: Bool = false, update: Bool = false, step: Bool = false, keepGoing: Bool = false) {
    self.check = check
    self.update = update
    self.step = step
    self.keepGoing = keepGoing
  }
}

/// What a replay did, and the exit status it implies.
public struct ReplayOutcome: Sendable, Equatable {
  /// Commands executed.
  public var executed = 0
  /// Commands whose output did not match (with `--check` or `--update`).
  public var mismatches = 0
  /// The first unexpected failure's status, if any.
  public var failure: CommandResult.Status?
  /// Whether Ctrl-C (or `q` in step mode) ended the replay early.
  public var interrupted = false
  /// Whether the user quit in step mode.
  public var quitByUser = false

  /// 0 ok, 1 a command failed, 2 syntax error in the file, 3 check mismatches, 130 interrupted.
  public func exitCode(checking: Bool) -> Int32 {
    if interrupted { return 130 }
    if failure == .syntaxError { return 2 }
    if checking && mismatches > 0 { return 3 }
    if failure != nil { return 1 }
    return 0
  }
}
