import CommandLanguage
import Schema

/// What a command does: runs its parsed form in a `CommandContext` (the workspace and the few
/// services of the session a command may use), printing to the output.
typealias Handler = @Sendable (CommandContext, ParsedCommand, CommandOutput) throws -> Void

/// One command, declared once: its grammar, its typed `key=value` options (defaults and validation
/// stated in their `OptionSpec`s) and its `run`, in one value. `Commands.all` lists every command;
/// the parser's table, `help`, completion and dispatch are all built from that list.
///
/// Handlers read options through the typed accessors of `Options`, which fall back to the
/// declared default, so a default is never restated in code.
public struct Command: Sendable {
  /// The grammar, options, help text and example (what the parser, `help` and completion read).
  public let definition: CommandDefinition
  /// What the command does.
  let run: Handler

  /// A command; the parameters before `run` are those of `CommandDefinition`.
  init(
    _ name: String, category: String, abstract: String, arguments: [ArgumentSpec] = [],
    options: [OptionSpec] = [], flags: [String] = [], example: String, discussion: String = "",
    run: @escaping Handler
  ) {
    self.definition = CommandDefinition(
      name, category: category, abstract: abstract, arguments: arguments, options: options, flags: flags,
      example: example, discussion: discussion)
    self.run = run
  }
}

/// The one explicit list of commands, in help order; each area declares its commands in its own
/// file under Handlers/. Adding a command is one `Command(…)` in its area's list.
public enum Commands {
  /// Every command, in help order.
  static let all: [Command] =
    CommandContext.sessionCommands + CommandContext.dataCommands + CommandContext.modelCommands
    + CommandContext.trainingCommands
    + CommandContext.transferCommands + CommandContext.exportCommands + CommandContext.pluginCommands
    + CommandContext.zooCommands

  /// The table the parser, `help` and completion read, built from `all`.
  public static let table = CommandTable(all.map(\.definition))

  /// Dispatch: each command by name.
  static let byName: [String: Command] = Dictionary(all.map { ($0.definition.name, $0) }) { first, _ in first }
}
