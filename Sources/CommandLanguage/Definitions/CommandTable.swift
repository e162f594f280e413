/// Every command the language knows, in help order. Each area keeps its definitions in its own file.
public enum CommandTable {
  /// All definitions; the parser, `help` and completion read only this.
  public static let all: [CommandDefinition] =
    sessionCommands + dataCommands + modelCommands + trainingCommands + transferCommands + pluginCommands

  /// The definition whose name is `name` (one or two words).
  public static func definition(named name: String) -> CommandDefinition? {
    all.first { $0.name == name }
  }
}
