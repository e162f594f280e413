/// What a step-mode replay (`repl --run LESSON --step`) reads from the person at the keyboard.
///
/// The terminal driver reads with the line editor (so `e` can put a command in it to edit) and
/// lets Ctrl-C cancel just the running step; piped answers are read line by line, as before.
public protocol StepConsole: AnyObject {
  /// One answer typed at the step prompt, or nil at the end of input (which quits the lesson).
  func answer(prompt: String) -> String?
  /// `command` after the user edited it, or nil when they cancelled the edit.
  func edit(_ command: String) -> String?
  /// True when a step that fails or is cancelled by Ctrl-C returns to the step prompt (a
  /// terminal); false keeps the plain replay rules (the first failure ends the lesson).
  var staysOnFailure: Bool { get }
  /// Columns the lesson prose is wrapped to.
  var columns: Int { get }
  /// Forgets a Ctrl-C that cancelled a step, so the lesson goes on.
  func clearInterrupt()
}

/// Answers given as a list (tests and piped input without a terminal): `edit` takes the next
/// answer as the edited command.
public final class ScriptedStepConsole: StepConsole {
  private var answers: [String]
  /// Every prompt shown, in order.
  public private(set) var prompts: [String] = []
  public let staysOnFailure: Bool
  public let columns: Int

  /// Answers read in order; nil once they run out.
  public init(_ answers: [String], staysOnFailure: Bool = false, columns: Int = 80) {
    self.answers = answers
    self.staysOnFailure = staysOnFailure
    self.columns = columns
  }

  public func answer(prompt: String) -> String? {
    prompts.append(prompt)
    return answers.isEmpty ? nil : answers.removeFirst()
  }

  public func edit(_ command: String) -> String? { answer(prompt: "edit: ") }

  public func clearInterrupt() {}
}
