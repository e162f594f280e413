/// The commands a language knows, in help order: the parser, `help` and completion read only this.
///
/// The engine builds it from its one list of declared commands (`Commands.all` in ReplEngine), so a
/// command's grammar, options and defaults are stated in exactly one place.
public struct CommandTable: Sendable {
  /// All definitions, in help order.
  public let all: [CommandDefinition]

  /// A table of `definitions`, in the order given.
  public init(_ definitions: [CommandDefinition]) { self.all = definitions }

  /// The definition whose name is `name` (one or two words).
  public func definition(named name: String) -> CommandDefinition? {
    all.first { $0.name == name }
  }

  /// The distinct first words of all commands, in table order (`plugin` once for two commands).
  public var firstWords: [String] {
    var seen: [String] = []
    for definition in all {
      let word = definition.words.first ?? definition.name
      if !seen.contains(word) { seen.append(word) }
    }
    return seen
  }

  /// The help sections in table order.
  public var categories: [String] {
    var seen: [String] = []
    for definition in all where !seen.contains(definition.category) { seen.append(definition.category) }
    return seen
  }
}
