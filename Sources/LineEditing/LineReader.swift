#if canImport(Glibc)
  import Glibc
#endif

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
}

/// Reads standard input without prompt, editing or history (stdin is not a terminal).
///
/// It reads with `read(2)` itself: a signal (Ctrl-C) ends the read with `.interrupted` instead of
/// being retried, and the end of input is never mistaken for an interrupted read.
public final class PlainLineReader: LineReader {
  private var buffer: [UInt8] = []
  private var atEnd = false

  /// A reader of standard input.
  public init() {}

  /// The next line, `.interrupted` when a signal arrived, or `.endOfInput`.
  public func read(prompt: String) -> ReadResult {
    while true {
      if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
        return .line(takeLine(upTo: newline, dropping: 1))
      }
      if atEnd {
        return buffer.isEmpty ? .endOfInput : .line(takeLine(upTo: buffer.count, dropping: 0))
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let n = Glibc.read(0, &chunk, chunk.count)
      if n > 0 {
        buffer.append(contentsOf: chunk[0..<n])
      } else if n < 0 && errno == EINTR {
        return .interrupted
      } else {
        atEnd = true
      }
    }
  }

  /// Removes the first `count` bytes (plus `dropping` more) and returns them as a line.
  private func takeLine(upTo count: Int, dropping: Int) -> String {
    var bytes = buffer[0..<count]
    if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
    buffer.removeFirst(count + dropping)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// No history.
  public func remember(_ line: String) {}
}
