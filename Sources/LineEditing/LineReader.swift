/// What reading one line gave.
public enum ReadResult: Sendable, Equatable {
  /// A line (without its newline).
  case line(String)
  /// Ctrl-C at the prompt: the line was discarded.
  case interrupted
  /// Ctrl-D on an empty line, or the end of piped input.
  case endOfInput
}

/// A source of input lines: the libedit editor on a terminal, or plain reading otherwise.
public protocol LineReader: AnyObject {
  /// Reads one line, showing `prompt` where the reader shows prompts.
  func read(prompt: String) -> ReadResult
  /// Remembers a line in the history (no-op without history).
  func remember(_ line: String)
  /// Writes the history file (no-op without history).
  func saveHistory()
}

/// Reads standard input without prompt, editing or history (stdin is not a terminal).
public final class PlainLineReader: LineReader {
  /// A reader of standard input.
  public init() {}
  /// The next line, or `.endOfInput`.
  public func read(prompt: String) -> ReadResult {
    guard let line = readLine(strippingNewline: true) else { return .endOfInput }
    return .line(line.hasSuffix("\r") ? String(line.dropLast()) : line)
  }
  /// No history.
  public func remember(_ line: String) {}
  /// No history.
  public func saveHistory() {}
}
