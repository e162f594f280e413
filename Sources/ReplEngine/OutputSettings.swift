/// How a driver wants results shown: the session's output side, apart from the `Workspace`
/// commands change. The driver sets it; only `timing` and `format` change it from the prompt.
public struct OutputSettings {
  /// `timing on`: report elapsed time after every command.
  public var timing = false
  /// `format json`: print one JSON object per command.
  public var jsonOutput = false
  /// The columns tables, help pages and progress lines are fitted to: the terminal's width when
  /// output goes to a terminal, 80 otherwise (so transcripts do not depend on the window).
  public var width = 80
  /// Where streamed output goes while a command runs (the terminal); nil collects only.
  public var sink: ((String) -> Void)?
  /// Where streamed errors and warnings go (standard error); nil sends them to `sink`.
  public var errorSink: ((String) -> Void)?
  /// Where transient progress lines go (a terminal only).
  public var progressSink: ((String) -> Void)?
  /// Prefix for streamed error lines (`FILE:LINE: ` in batch mode); empty at the prompt.
  public var errorLocation = ""

  /// Text tables, 80 columns, no sinks.
  public init() {}
}

extension Session {
  /// `timing on`: report elapsed time after every command.
  public var timing: Bool {
    get { output.timing }
    set { output.timing = newValue }
  }
  /// `format json`: print one JSON object per command.
  public var jsonOutput: Bool {
    get { output.jsonOutput }
    set { output.jsonOutput = newValue }
  }
  /// The columns output is fitted to (see `OutputSettings.width`).
  public var width: Int {
    get { output.width }
    set { output.width = newValue }
  }
  /// Where streamed output goes while a command runs.
  public var sink: ((String) -> Void)? {
    get { output.sink }
    set { output.sink = newValue }
  }
  /// Where streamed errors and warnings go.
  public var errorSink: ((String) -> Void)? {
    get { output.errorSink }
    set { output.errorSink = newValue }
  }
  /// Where transient progress lines go.
  public var progressSink: ((String) -> Void)? {
    get { output.progressSink }
    set { output.progressSink = newValue }
  }
  /// Prefix for streamed error lines.
  public var errorLocation: String {
    get { output.errorLocation }
    set { output.errorLocation = newValue }
  }
}
