/// A syntax or usage error with the 1-based column of the offending token.
public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// One line: what is wrong, with a "did you mean" or the usage where one helps.
  public let message: String
  /// 1-based column in the (substituted) line; 0 when the error concerns the whole line.
  public let column: Int

  /// An error at 1-based `column` (0: the whole line).
  public init(_ message: String, column: Int) {
    self.message = message
    self.column = column
  }

  /// The message alone.
  public var description: String { message }

  /// `error: …` followed by the line and a caret under the bad token, counted in terminal columns
  /// (wide characters take two, control characters the four of their `\x1b` form).
  public func rendered(line: String) -> String {
    guard column > 0 else { return "error: \(message)" }
    let padding = String(repeating: " ", count: line.prefix(column - 1).map(\.terminalColumns).reduce(0, +))
    let beyond = String(repeating: " ", count: max(0, column - 1 - line.count))
    return "error: \(message)\n  \(line)\n  \(padding)\(beyond)^"
  }
}
