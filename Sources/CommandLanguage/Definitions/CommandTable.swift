/// Every command the language knows, in help order. Each area keeps its definitions in its own file.
public enum CommandTable {
  /// All definitions; the parser, `help` and completion read only this.
  public static let all: [CommandDefinition] =
    sessionCommands + dataCommands + modelCommands + trainingCommands + transferCommands + exportCommands
    + pluginCommands + zooCommands

  /// The definition whose name is `name` (one or two words).
  public static func definition(named name: String) -> CommandDefinition? {
    all.first { $0.name == name }
  }

  /// The distinct first words of all commands, in table order (`plugin` once for two commands).
  public static var firstWords: [String] {
    var seen: [String] = []
    for definition in all {
      let word = definition.words.first ?? definition.name
      if !seen.contains(word) { seen.append(word) }
    }
    return seen
  }

  /// The help sections in table order.
  public static var categories: [String] {
    var seen: [String] = []
    for definition in all where !seen.contains(definition.category) { seen.append(definition.category) }
    return seen
  }
}
