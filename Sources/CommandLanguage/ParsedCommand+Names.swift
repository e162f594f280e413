import Schema

extension ParsedCommand {
  /// The object names the command defines: its new-name arguments (not `set`'s variable), and for
  /// `split NAME` the parts `NAME.train`, `NAME.val`, `NAME.test`.
  public var definedNames: [String] {
    switch definition.name {
    case "set": return []
    case "split": return argument("NAME").map { base in ["train", "val", "test"].map { "\(base).\($0)" } } ?? []
    default: return ParsedCommand.newNamePlaceholders(definition.arguments).compactMap { argument($0) }
    }
  }

  /// The placeholders of kind `.newName` in a grammar.
  static func newNamePlaceholders(_ specs: [ArgumentSpec]) -> [String] {
    specs.flatMap { spec -> [String] in
      switch spec {
      case .value(let placeholder, .newName): return [placeholder]
      case .optional(let inner): return newNamePlaceholders(inner)
      case .alternatives(let forms): return forms.flatMap(newNamePlaceholders)
      default: return []
      }
    }
  }
}
