import Schema

/// A parsed, checked command line ready for the engine.
public struct ParsedCommand: Sendable {
  /// The definition it matched.
  public let definition: CommandDefinition
  /// Positional values by placeholder name (`["NAME": ["movies"], "PATH": ["data/x.txt"]]`). A
  /// `.rest` placeholder (`SPEC`) holds the raw remainder of the line, options included.
  public let arguments: [String: [String]]
  /// The validated options.
  public let options: Options
  /// The flags present.
  public let flags: Set<String>
  /// The line after variable substitution.
  public let line: String
  /// 1-based columns in `line` of each positional value, parallel to `arguments`.
  public let argumentColumns: [String: [Int]]
  /// 1-based column in `line` where the `.rest` text starts (pass it to
  /// `ModelSpecParser.parse(_:startColumn:)`), or nil when the grammar has no `.rest`.
  public let restColumn: Int?
  /// 1-based column of each option's key in `line`.
  public let optionColumns: [String: Int]

  /// A parsed command; the column tables may be left empty by code that builds commands directly.
  public init(
    definition: CommandDefinition, arguments: [String: [String]], options: Options, flags: Set<String>,
    line: String, argumentColumns: [String: [Int]] = [:], restColumn: Int? = nil,
    optionColumns: [String: Int] = [:]
  ) {
    self.definition = definition
    self.arguments = arguments
    self.options = options
    self.flags = flags
    self.line = line
    self.argumentColumns = argumentColumns
    self.restColumn = restColumn
    self.optionColumns = optionColumns
  }

  /// The single value bound to `placeholder`, if present.
  public func argument(_ placeholder: String) -> String? { arguments[placeholder]?.first }

  /// The 1-based column of the (first) value bound to `placeholder`, if present.
  public func column(of placeholder: String) -> Int? { argumentColumns[placeholder]?.first }
}
