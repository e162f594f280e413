/// What one command did: its output, and whether it succeeded.
public struct CommandResult: Sendable {
  /// How the command ended.
  public enum Status: Sendable, Equatable {
    /// The command succeeded.
    case ok
    /// The command failed; nothing in the session changed.
    case failed
    /// The line could not be parsed.
    case syntaxError
    /// The command was interrupted by Ctrl-C at a safe point.
    case interrupted
    /// `quit` was requested.
    case quit
  }
  /// How the command ended.
  public var status: Status
  /// Everything printed, errors included (`error: …`).
  public var output: String
  /// The failure message without `error: `, when the command did not succeed.
  public var error: String?
  /// Wall-clock time the command took.
  public var elapsed: Duration
  /// Whether the command succeeded (`quit` counts as success).
  public var succeeded: Bool { status == .ok || status == .quit }
}

/// Why a command did not succeed (internal to the engine; drivers see `CommandResult`).
enum CommandFailure: Error {
  /// The line did not parse; the rendered message with its caret lines.
  case syntax(String)
  /// A handler failed with this one-line message.
  case failed(String)
  /// Ctrl-C stopped the command at a safe point.
  case interrupted
}

extension CommandResult.Status {
  /// The status as JSON records name it: `ok`, `failed`, `syntax_error`, `interrupted`, `quit`.
  public var name: String {
    switch self {
    case .ok: return "ok"
    case .failed: return "failed"
    case .syntaxError: return "syntax_error"
    case .interrupted: return "interrupted"
    case .quit: return "quit"
    }
  }
}
