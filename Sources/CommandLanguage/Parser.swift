import Schema

/// A syntax or usage error with the 1-based column of the offending token.
public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public let message: String
  /// 1-based column in the (substituted) line; 0 when the error concerns the whole line.
  public let column: Int
  public init(_ message: String, column: Int) {
    self.message = message
    self.column = column
  }
  public var description: String { message }

  /// `error: …` followed by the line and a caret under the bad token.
  public func rendered(line: String) -> String {
    guard column > 0 else { return "error: \(message)" }
    return "error: \(message)\n  \(line)\n  \(String(repeating: " ", count: column - 1))^"
  }
}

/// The pure command-line parser: lexing, variable substitution, matching against `CommandTable`.
public enum Parser {
  /// Parses one logical line (continuations already joined). Returns nil for a blank or comment line.
  public static func parse(_ line: String, variables: [String: String] = [:]) throws(SyntaxError) -> ParsedCommand? {
    // Placeholder until the full parser lands: words split on blanks.
    let words = line.split(separator: " ").map(String.init)
    guard let first = words.first, !first.hasPrefix("#") else { return nil }
    guard let definition = CommandTable.definition(named: first) else {
      throw SyntaxError("unknown command '\(first)'", column: 1)
    }
    let options: Options
    do { options = try Options([], specs: definition.options) } catch { throw SyntaxError(error.message, column: 0) }
    return ParsedCommand(definition: definition, arguments: [:], options: options, flags: [], line: line)
  }
}
