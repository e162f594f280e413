import CommandLanguage
import ReplEngine

// The language's commands are declared in the engine (`Commands.all`); these tests read them
// through the same table the engine builds, under the short names the tests were written with.

extension Parser {
  /// Parses `line` against the engine's command table.
  static func parse(_ line: String, variables: [String: String] = [:]) throws(SyntaxError) -> ParsedCommand? {
    try parse(line, variables: variables, table: Commands.table)
  }
}

extension Help {
  /// The help topics of the engine's table.
  static var topics: [String] { topics(Commands.table) }

  /// `help` for the engine's table.
  static func overview(width: Int? = nil) -> String { overview(Commands.table, width: width) }

  /// `help COMMAND` for the engine's table.
  static func command(_ name: String, width: Int? = nil) -> String? {
    command(name, in: Commands.table, width: width)
  }
}

extension CompletionContext {
  /// Test contexts complete against the engine's table.
  var commands: CommandTable { Commands.table }
}
