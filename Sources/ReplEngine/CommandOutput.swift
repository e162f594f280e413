/// Collects what a command prints and streams it to the driver as it is produced.
///
/// Lines go both to the collected text (the command's result, used by transcripts and tests) and to
/// a stream: results to `sink` (standard output), errors, warnings and the caret lines of a syntax
/// error to `errorSink` (standard error; `sink` when there is none). The collected text keeps them
/// all in the order printed, so a transcript records an error where it happened. Progress lines are
/// transient and only reach a terminal.
public final class CommandOutput {
  /// Every line printed so far, newline-terminated.
  public private(set) var text: String = ""
  private let sink: ((String) -> Void)?
  private let errorSink: ((String) -> Void)?
  private let progressSink: ((String) -> Void)?
  private let errorPrefix: String

  /// An output that streams results to `sink`, diagnostics to `errorSink` (or `sink` when nil) and
  /// progress lines to `progress`; streamed error lines get `errorPrefix` (`FILE:LINE: ` in batch
  /// mode) while the collected text keeps the plain `error: …` form.
  public init(
    sink: ((String) -> Void)? = nil, errorSink: ((String) -> Void)? = nil, progress: ((String) -> Void)? = nil,
    errorPrefix: String = ""
  ) {
    self.sink = sink
    self.errorSink = errorSink ?? sink
    self.progressSink = progress
    self.errorPrefix = errorPrefix
  }

  /// Prints one or more lines of results.
  public func line(_ s: String) {
    let piece = s.hasSuffix("\n") ? s : s + "\n"
    text += piece
    sink?(piece)
  }

  /// Prints the one-line failure `error: message`.
  public func error(_ message: String) {
    let piece = "error: \(message)\n"
    text += piece
    errorSink?(errorPrefix + piece)
  }

  /// Prints the one-line caution `warning: message` (the command still succeeds).
  public func warning(_ message: String) { diagnostic("warning: \(message)") }

  /// Prints a line that belongs with a diagnostic (the caret lines under a syntax error).
  public func diagnostic(_ s: String) {
    let piece = s.hasSuffix("\n") ? s : s + "\n"
    text += piece
    errorSink?(piece)
  }

  /// Shows a transient progress line (a bar on a terminal; ignored elsewhere).
  public func progress(_ s: String) { progressSink?(s) }

  /// Whether progress lines are shown at all (only on a terminal).
  public var showsProgress: Bool { progressSink != nil }
}
