import Schema

/// Help text generated from the command definitions (the same ones the parser and completion use),
/// so usage, options and defaults cannot drift from what the parser accepts. No line starts with `#`.
public enum Help {
  /// What `help TOPIC` accepts: every command name plus `layers` and `language`.
  public static func topics(_ table: CommandTable) -> [String] { table.all.map(\.name) + ["layers", "language"] }

  /// `help`: the commands grouped by category, each with its one-line abstract.
  public static func overview(_ commands: CommandTable, width: Int? = nil) -> String {
    var table = TextTable(alignments: [.left, .left], maxWidth: width)
    for category in commands.categories {
      table.append([category, ""])
      for definition in commands.all where definition.category == category {
        table.append(["  " + definition.name, definition.abstract])
      }
    }
    return
      (["Commands (help COMMAND for usage, options and an example; help layers; help language):", ""]
      + table.lines()).joined(separator: "\n")
  }

  /// `help COMMAND`: usage, arguments, options with type and default, flags, example and discussion.
  /// A first word shared by two-word commands (`plugin`) shows each of them. Nil for an unknown name.
  /// Tables are fitted to `width` when one is given.
  public static func command(_ name: String, in table: CommandTable, width: Int? = nil) -> String? {
    if let definition = table.definition(named: name) { return page(definition, width: width) }
    let family = table.all.filter { $0.words.count > 1 && $0.words.first == name }
    return family.isEmpty ? nil : family.map { page($0, width: width) }.joined(separator: "\n\n")
  }

  /// The help page of one definition.
  static func page(_ definition: CommandDefinition, width: Int? = nil) -> String {
    var lines = ["\(definition.name): \(definition.abstract)", "", "usage: \(definition.usage)"]
    let placeholders = placeholderRows(definition.arguments, hasOptions: !definition.options.isEmpty)
    if !placeholders.isEmpty {
      lines += ["", "arguments:"] + TextTable(rows: placeholders, maxWidth: width).lines(indent: 2)
    }
    if !definition.options.isEmpty {
      lines += ["", "options:"] + optionTable(definition.options, width: width).lines(indent: 2)
    }
    if !definition.flags.isEmpty {
      lines += ["", "flags: " + definition.flags.joined(separator: ", ")]
    }
    lines += ["", "example:", "  " + definition.example]
    if !definition.discussion.isEmpty { lines += [""] + wrap(definition.discussion, width: min(width ?? 78, 78)) }
    return lines.map { $0.first == "#" ? " " + $0 : $0 }.joined(separator: "\n")
  }

  /// The options of a command or layer type as a table: key, type, default, meaning.
  public static func optionTable(_ specs: [OptionSpec], width: Int? = nil) -> TextTable {
    TextTable(
      header: ["option", "type", "default", "meaning"],
      rows: specs.map { spec in
        [spec.key + "=", spec.kind.displayName, spec.defaultValue ?? (spec.required ? "required" : "-"), spec.help]
      },
      alignments: [.left, .left, .left, .left], maxWidth: width)
  }

  /// One row per placeholder: its name and what it stands for.
  private static func placeholderRows(_ specs: [ArgumentSpec], hasOptions: Bool) -> [[String]] {
    var rows: [[String]] = []
    for spec in specs {
      switch spec {
      case .keyword: break
      case .value(let name, let kind), .oneOrMore(let name, let kind):
        if !rows.contains(where: { $0.first == name }) { rows.append([name, describe(kind)]) }
      case .rest(let name):
        rows.append([name, "the rest of the line" + (hasOptions ? ", including the options below" : "")])
      case .optional(let group): rows += placeholderRows(group, hasOptions: hasOptions)
      case .alternatives(let forms): rows += forms.flatMap { placeholderRows($0, hasOptions: hasOptions) }
      }
    }
    return rows
  }

  /// What a value of `kind` is, in words.
  static func describe(_ kind: ValueKind) -> String {
    switch kind {
    case .newName: return "a new name (letters, digits, _ and -)"
    case .object(.dataset): return "a dataset"
    case .object(.vocabulary): return "a vocabulary"
    case .object(.model): return "a model"
    case .object(.vectors): return "a word-vectors object"
    case .object(.any): return "any named object"
    case .object(.layer): return "a model, or one of its layers as MODEL.LAYER"
    case .object(.pretrained): return "a pretrained zoo entry (see: pretrained)"
    case .path: return "a file or folder path"
    case .text: return "a word, or a quoted string"
    case .word(let words): return words.joined(separator: " or ")
    }
  }

  /// `text` broken into lines of at most `width` characters at blanks.
  static func wrap(_ text: String, width: Int) -> [String] { TextTable.wrapped(text, width: width) }
}
