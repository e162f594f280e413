import CommandLanguage
import TextFormatting

/// Collects what a command prints and streams it to the driver as it is produced.
///
/// Lines go both to the collected text (the command's result, used by transcripts and tests) and to
/// a stream: results to `sink` (standard output), errors, warnings and the caret lines of a syntax
/// error to `errorSink` (standard error; `sink` when there is none). The collected text keeps them
/// all in the order printed, so a transcript records an error where it happened. Progress lines are
/// transient and only reach a terminal.
///
/// After `format json` (`json` is true) results are not streamed: lines, tables and events are
/// kept apart and `record` makes of them the command's one JSON object.
public final class CommandOutput {
  /// Every line printed so far, newline-terminated.
  public private(set) var text: String = ""
  /// Whether results are collected for a JSON record instead of printed as text.
  public let json: Bool
  /// The columns tables, help pages and progress lines must fit in.
  public let width: Int
  /// What only the error stream saw (errors, warnings, caret lines), newline-terminated.
  public private(set) var diagnostics: String = ""
  private var lines: [String] = []
  private var tables: [JSONValue] = []
  private var events: [JSONValue] = []
  private var warnings: [String] = []
  private let sink: ((String) -> Void)?
  private let errorSink: ((String) -> Void)?
  private let progressSink: ((String) -> Void)?
  private let errorPrefix: String

  /// An output that streams results to `sink`, diagnostics to `errorSink` (or `sink` when nil) and
  /// progress lines to `progress`; streamed error lines get `errorPrefix` (`FILE:LINE: ` in batch
  /// mode) while the collected text keeps the plain `error: …` form.
  public init(
    sink: ((String) -> Void)? = nil, errorSink: ((String) -> Void)? = nil, progress: ((String) -> Void)? = nil,
    errorPrefix: String = "", json: Bool = false, width: Int = 80
  ) {
    self.json = json
    self.width = max(width, 20)
    self.sink = sink
    self.errorSink = errorSink ?? sink
    self.progressSink = progress
    self.errorPrefix = errorPrefix
  }

  /// Prints one or more lines of results.
  /// Control characters from data are shown escaped (`\x1b`); a JSON record keeps the text as it is
  /// (JSON escapes it).
  public func line(_ s: String) {
    if json {
      lines += s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if lines.last == "" { lines.removeLast() }
    }
    let shown = s.escapingControlCharacters
    let piece = shown.hasSuffix("\n") ? shown : shown + "\n"
    text += piece
    if !json { sink?(piece) }
  }

  /// Keeps a table for the JSON record (an array of objects; `CommandContext.printTable` decides).
  public func table(_ records: JSONValue) { tables.append(records) }

  /// Prints `text`, or keeps `event` for the JSON record (one training epoch).
  public func event(_ event: JSONValue, text: String) {
    if json { events.append(event) } else { line(text) }
  }

  /// Prints the one-line failure `error: message`.
  public func error(_ message: String) {
    let piece = "error: \(message.escapingControlCharacters)\n"
    text += piece
    diagnostics += piece
    errorSink?(errorPrefix + piece)
  }

  /// Prints the one-line caution `warning: message` (the command still succeeds).
  public func warning(_ message: String) {
    warnings.append(message)
    diagnostic("warning: \(message)")
  }

  /// Prints a line that belongs with a diagnostic (the caret lines under a syntax error).
  public func diagnostic(_ s: String) {
    let shown = s.escapingControlCharacters
    let piece = shown.hasSuffix("\n") ? shown : shown + "\n"
    text += piece
    diagnostics += piece
    errorSink?(piece)
  }

  /// The command's JSON object: the command, whether it succeeded, its status, then (when there are
  /// any) the error, output lines, tables, training events and warnings.
  public func record(command: String, status: String, error: String?) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("command", .string(command)), ("ok", .bool(error == nil)), ("status", .string(status)),
    ]
    if let error { members.append(("error", .object([("message", .string(error))]))) }
    if !lines.isEmpty { members.append(("output", .array(lines.map { .string($0) }))) }
    if !tables.isEmpty { members.append(("tables", .array(tables))) }
    if !events.isEmpty { members.append(("events", .array(events))) }
    if !warnings.isEmpty { members.append(("warnings", .array(warnings.map { .string($0) }))) }
    return .object(members)
  }

  /// Shows a transient progress line (a bar on a terminal; ignored elsewhere).
  public func progress(_ s: String) { progressSink?(s) }

  /// Whether progress lines are shown at all (only on a terminal).
  public var showsProgress: Bool { progressSink != nil }
}
