/// The two prompts of the REPL, which are also the line marks of a transcript: `repl> ` starts a
/// command, `...> ` continues one whose line ended in `\`.
public enum TranscriptPrompt: String, Sendable, CaseIterable {
  /// `repl> `: the prompt for a new command.
  case command = "repl>"
  /// `...> `: the prompt for the next line of a command that ended in `\`.
  case continuation = "...>"

  /// The prompt as printed before a line, with its space (`repl> `).
  public var text: String { rawValue + " " }

  /// The text after this prompt and its space, or nil when `line` does not start with it (a line
  /// that is just the mark, `repl>`, is an empty command line).
  public func body(of line: String) -> String? {
    if line == rawValue { return "" }
    guard line.hasPrefix(text) else { return nil }
    return String(line.dropFirst(text.count))
  }

  /// Whether `line` starts with either mark: such a line would not read back as output.
  public static func looksLikePrompt(_ line: String) -> Bool {
    allCases.contains { line.hasPrefix($0.rawValue) }
  }

  /// Whether `line` is a command or continuation line of a transcript.
  public static func isPromptLine(_ line: String) -> Bool {
    allCases.contains { $0.body(of: line) != nil }
  }
}
