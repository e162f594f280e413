/// Collects what a command prints and streams it to the driver as it is produced.
///
/// Lines go both to the collected text (the command's result, used by transcripts and tests) and to
/// `sink` (the terminal, as they happen). Progress lines are transient and only reach a terminal.
public final class CommandOutput {
  /// Every line printed so far, newline-terminated.
  public private(set) var text: String = ""
  private let sink: ((String) -> Void)?
  private let progressSink: ((String) -> Void)?

  public init(sink: ((String) -> Void)? = nil, progress: ((String) -> Void)? = nil) {
    self.sink = sink
    self.progressSink = progress
  }

  /// Prints one or more lines.
  public func line(_ s: String) {
    let piece = s.hasSuffix("\n") ? s : s + "\n"
    text += piece
    sink?(piece)
  }

  /// Shows a transient progress line (a bar on a terminal; ignored elsewhere).
  public func progress(_ s: String) { progressSink?(s) }

  /// Whether progress lines are shown at all (only on a terminal).
  public var showsProgress: Bool { progressSink != nil }
}
