/// Collects what a command prints and streams it to the driver as it is produced.
///
/// Lines go both to the collected text (the command's result, used by transcripts and tests) and to
/// `sink` (the terminal, as they happen). Progress lines are transient and only reach a terminal.
public final class CommandOutput {
  /// Every line printed so far, newline-terminated.
  public private(set) var text: String = ""
  private let sink: ((String) -> Void)?
  private let progressSink: ((String) -> Void)?
  private let errorPrefix: String

  /// An output that streams to `sink` and `progress`; streamed error lines get `errorPrefix`
  /// (`FILE:LINE: ` in batch mode) while the collected text keeps the plain `error: …` form.
  public init(sink: ((String) -> Void)? = nil, progress: ((String) -> Void)? = nil, errorPrefix: String = "") {
    self.sink = sink
    self.progressSink = progress
    self.errorPrefix = errorPrefix
  }

  /// Prints one or more lines.
  public func line(_ s: String) {
    let piece = s.hasSuffix("\n") ? s : s + "\n"
    text += piece
    sink?(piece)
  }

  /// Prints the one-line failure `error: message`.
  public func error(_ message: String) {
    let piece = "error: \(message)\n"
    text += piece
    sink?(errorPrefix + piece)
  }

  /// Shows a transient progress line (a bar on a terminal; ignored elsewhere).
  public func progress(_ s: String) { progressSink?(s) }

  /// Whether progress lines are shown at all (only on a terminal).
  public var showsProgress: Bool { progressSink != nil }
}
