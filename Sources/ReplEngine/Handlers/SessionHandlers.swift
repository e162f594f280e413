import CommandLanguage
import LayerKit
import Schema
import TensorCore
import TextData
import Training
import Transfer

extension CommandContext {
  /// The session commands, each declared once: grammar, options with defaults, and what it does.
  static let sessionCommands: [Command] = [
    Command(
      "help", category: "Session", abstract: "List commands, or show one command's usage, options and example",
      arguments: [.optional([.rest("TOPIC")])], example: "help train",
      discussion: "Topics: a command name, 'layers' (the layer types), 'language' (syntax)."
    ) { context, parsed, out in try context.help(parsed.argument("TOPIC"), out) },
    Command(
      "list", category: "Session", abstract: "List every named object in the session", example: "list"
    ) { context, _, out in context.list(out) },
    Command(
      "show", category: "Session", abstract: "Describe a dataset, vocabulary, model, layer or vectors object",
      arguments: [.value("NAME", .object(.any))], example: "show clf"
    ) { context, parsed, out in try context.show(try parsed.required("NAME"), out) },
    Command(
      "drop", category: "Session", abstract: "Remove a named object from the session",
      arguments: [.value("NAME", .object(.any))], example: "drop movies.val"
    ) { context, parsed, out in
      let name = try parsed.required("NAME")
      _ = try context.object(name)
      context.remove(name)
      out.line("dropped \(name)")
    },
    Command(
      "set", category: "Session", abstract: "Define a variable used later as $NAME or ${NAME}; alone, list them",
      arguments: [.optional([.value("NAME", .newName), .value("VALUE", .text)])], example: "set epochs 3",
      discussion:
        "set REPL_MEMORY_LIMIT 2G (or the environment variable of that name) changes the memory budget: commands that allocate from a number you typed (synth n=, sample n=, model sizes, pretrain skipgram dim=, generate n=, train batch=/bptt=/maxlen=) check the size first and fail with one line if it is over. Sizes take K, M, G or T, or a share of physical memory such as 75%; the default is 50% of physical memory."
    ) { context, parsed, out in
      guard let name = parsed.argument("NAME") else { return context.listVariables(out) }
      try context.workspace.setVariable(name, try parsed.required("VALUE"))
    },
    Command(
      "source", category: "Session", abstract: "Run the commands of a script file",
      arguments: [.value("FILE", .path)], example: "source setup.repl"
    ) { context, parsed, out in try context.runScript(try parsed.required("FILE"), out) },
    Command(
      "timing", category: "Session", abstract: "Report elapsed time after each command",
      arguments: [.value("STATE", .word(["on", "off"]))], example: "timing on"
    ) { context, parsed, out in
      context.output.timing = try parsed.required("STATE") == "on"
      out.line("timing \(context.output.timing ? "on" : "off")")
    },
    Command(
      "format", category: "Session", abstract: "Print results as aligned tables or JSON",
      arguments: [.value("STYLE", .word(["table", "json"]))], example: "format json"
    ) { context, parsed, out in
      context.output.jsonOutput = try parsed.required("STYLE") == "json"
      out.line("format \(context.output.jsonOutput ? "json" : "table")")
    },
    Command(
      "save transcript", category: "Session", abstract: "Write this session as a replayable notebook",
      arguments: [.value("FILE", .path)],
      options: [OptionSpec("clean", .bool, default: "no", help: "leave out failed commands and their errors")],
      example: "save transcript lesson.txt clean=yes"
    ) { context, parsed, out in
      let file = try parsed.required("FILE")
      let clean = try parsed.options.value("clean", as: Bool.self)
      let (text, count) = context.transcript(clean: clean)
      try writeFile(context.resolvePath(file), text)
      out.line("saved \(count) commands to \(file)\(clean ? " (failed commands left out)" : "")")
    },
    Command("quit", category: "Session", abstract: "Leave the REPL (also Ctrl-D)", example: "quit") { _, _, _ in },
  ]
}

extension ParsedCommand {
  /// The value bound to `placeholder`, or an error naming it (the parser normally guarantees it).
  func required(_ placeholder: String) throws -> String {
    guard let value = argument(placeholder) else {
      throw ReplError("'\(definition.name)' needs \(placeholder) (usage: \(definition.example))")
    }
    return value
  }
}

extension CommandContext {
  /// `help`, `help COMMAND`, `help layers`, `help language`, `help LAYERTYPE`.
  func help(_ topic: String?, _ out: CommandOutput) throws {
    let fitted = { (text: String) in out.line(TextTable.fitting(text, width: out.width)) }
    guard let topic else { return fitted(Help.overview(Commands.table, width: out.width)) }
    if topic == "layers" { return helpLayers(out) }
    if topic == "language" { return fitted(Help.language()) }
    if let text = Help.command(topic, in: Commands.table, width: out.width) { return fitted(text) }
    if let type = registry[topic] { return helpLayer(type, out) }
    let known = Help.topics(Commands.table) + registry.types.map(\.name)
    throw ReplError("no help for '\(topic)'\(hint(topic, known)); try 'help' for the list of commands")
  }

  /// `help layers`: every layer type with its summary, options with defaults and origin (a table
  /// in `format json`; otherwise two narrow lines per type, so it fits a terminal).
  func helpLayers(_ out: CommandOutput) {
    let options = { (type: LayerType) in type.options.map(CommandContext.optionSummary).joined(separator: " ") }
    if out.json {
      let rows = registry.types.map { [$0.name, $0.summary, options($0), $0.origin] }
      return printTable(["type", "summary", "options", "origin"], rows, out)
    }
    var lines = ["Layer types for 'model NAME = TYPE opts | TYPE opts | …' (help TYPE for details):"]
    let width = (registry.types.map(\.name.count).max() ?? 0) + 2
    let pad = String(repeating: " ", count: width)
    for type in registry.types {
      lines.append(type.name + String(repeating: " ", count: width - type.name.count) + type.summary)
      if !type.options.isEmpty { lines.append(pad + "options: " + options(type)) }
      if type.origin != "built-in" { lines.append(pad + "from: " + type.origin) }
    }
    out.line(TextTable.fitting(lines.joined(separator: "\n"), width: out.width))
  }

  /// `help lstm`: one layer type in detail.
  func helpLayer(_ type: LayerType, _ out: CommandOutput) {
    out.line("\(type.name): \(type.summary) (\(type.origin))")
    if !type.options.isEmpty { out.line(Help.optionTable(type.options, width: out.width).render()) }
  }

  /// `key=default`, or `key=` when the option has no default.
  static func optionSummary(_ spec: OptionSpec) -> String { "\(spec.key)=\(spec.defaultValue ?? "")" }

  /// `list`: every object with its kind and a one-line summary.
  func list(_ out: CommandOutput) {
    if objects.isEmpty && !out.json { return out.line("no objects yet (try 'help' or 'load NAME from PATH')") }
    let rows = objects.keys.sorted().compactMap { name in
      objects[name].map { [name, $0.kind.rawValue, $0.summary] }
    }
    printTable(["name", "kind", "summary"], rows, out)
  }

  /// `show NAME`: dispatches on the object's kind; `show model.layer` shows one layer.
  func show(_ name: String, _ out: CommandOutput) throws {
    if let object = objects[name] {
      switch object {
      case .dataset(let d): return try showDataset(name, d, out)
      case .vocabulary(let v): return try showVocabulary(name, v, out)
      case .model(let m): return try showModel(name, m, layer: nil, out)
      case .vectors(let v): return try showVectors(name, v, out)
      }
    }
    if let dot = name.lastIndex(of: "."), case .model(let m)? = objects[String(name[..<dot])] {
      let layer = String(name[name.index(after: dot)...])
      let layers = m.network.layers.map(\.name)
      guard layers.contains(layer) else {
        throw ReplError("model '\(name[..<dot])' has no layer '\(layer)'\(hint(layer, layers))")
      }
      return try showModel(String(name[..<dot]), m, layer: layer, out)
    }
    _ = try object(name)
  }

  /// `set` alone: every variable and its value, by name.
  func listVariables(_ out: CommandOutput) {
    if variables.isEmpty && !out.json { return out.line("no variables yet (set NAME VALUE defines one)") }
    printTable(["name", "value"], variables.keys.sorted().map { [$0, variables[$0] ?? ""] }, out)
  }
}

extension Workspace {
  /// `set NAME VALUE` (also `repl --set NAME=VALUE`): an error for a name that `$NAME` could not reach.
  public mutating func setVariable(_ name: String, _ value: String) throws {
    let allowed = name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
    }
    guard !name.isEmpty, allowed, !(name.first?.isNumber ?? false) else {
      throw ReplError("'\(name)' is not a valid variable name (letters, digits and _, not starting with a digit)")
    }
    if name == MemoryBudget.variable { _ = try MemoryBudget.from(setting: value) }
    variables[name] = value
  }
}

extension Session {
  /// `set NAME VALUE` on the workspace (also `repl --set NAME=VALUE`).
  public func setVariable(_ name: String, _ value: String) throws { try workspace.setVariable(name, value) }
}

extension SessionObject {
  /// The one-line summary `list` shows.
  public var summary: String {
    switch self {
    case .dataset(let d):
      let labels = d.labelNames.isEmpty ? "unlabeled" : "labels " + d.labelNames.joined(separator: ",")
      return "\(d.count) examples, \(labels)"
    case .vocabulary(let v): return "\(v.count) tokens"
    case .model(let m):
      return "\(m.network.layers.map(\.name).joined(separator: " | ")), \(grouped(m.network.parameterCount)) parameters"
    case .vectors(let v): return "\(v.words.count) words x \(v.dimension)"
    }
  }
}
