import CommandLanguage
import Foundation
import Schema
import TextData
import Transfer

extension CommandContext {
  /// The zoo commands, each declared once: grammar, options with defaults, and what it does.
  static let zooCommands: [Command] = [
    Command(
      "pretrained", category: "Pretrained", abstract: "List the pretrained-model zoo: entries, recipes, builds",
      example: "pretrained",
      discussion:
        "Each entry is a catalogue file zoo/NAME.zoo (name:, corpus:, product:, recipe: then one REPL command a line); REPL_ZOO_CATALOGUE=DIR reads them from DIR instead. Builds live in $REPL_ZOO, else DATA/zoo (DATA: the data directory), as NAME-HASH/model.safetensors and build.json, where HASH is the first 12 hex digits of the recipe's SHA-256. built: yes (checksum verified), no, or damaged (a file missing or not matching its SHA-256)."
    ) { context, _, out in context.listZoo(out) },
    Command(
      "pretrained build", category: "Pretrained",
      abstract: "Build a zoo entry: run its recipe in a scratch session, save the product with its checksum",
      arguments: [.value("NAME", .object(.pretrained))], example: "pretrained build imdb-lm",
      discussion:
        "The recipe runs in a fresh session working in the data directory, so your session is unchanged. A build with the same recipe hash that verifies is kept (nothing is done); a damaged one is replaced. The build is written to a temporary folder and renamed into place, so it is never seen half written. From the shell: make pretrained [ZOO=NAME]."
    ) { context, parsed, out in try context.buildZooEntry(parsed, out) },
    Command(
      "pretrained show", category: "Pretrained", abstract: "Show a zoo entry's recipe and its build",
      arguments: [.value("NAME", .object(.pretrained))], example: "pretrained show imdb-lm",
      discussion: "load NAME (or load OTHER from NAME) loads a built entry as a model, after checking its SHA-256."
    ) { context, parsed, out in try context.showZooEntry(parsed, out) },
  ]

  /// A setting that a session variable overrides (as `REPL_DATA` is), relative paths resolved.
  private func zooSetting(_ key: String) -> String? {
    guard let value = variables[key] ?? environment(key), !value.isEmpty else { return nil }
    return resolvePath(value)
  }

  /// The catalogue: `REPL_ZOO_CATALOGUE`, else the `zoo/` folder found from the binary or here.
  var zooCatalogue: ZooCatalogue {
    ZooCatalogue(directory: zooSetting("REPL_ZOO_CATALOGUE") ?? ZooCatalogue.locate(workingDirectory: workingDirectory))
  }

  /// The builds: `REPL_ZOO`, else `zoo/` in the data directory.
  var zooStore: ZooStore {
    ZooStore(root: zooSetting("REPL_ZOO") ?? DataDirectory(environment: dataEnvironment).path + "/zoo")
  }

  /// The shell and prompt commands that build `name`.
  static func zooBuildCommand(_ name: String) -> String {
    "pretrained build \(name) (or make pretrained\(name == ZooCatalogue.defaultEntry ? "" : " ZOO=\(name)"))"
  }

  /// `pretrained`: one row per entry with its build, then the catalogue's problems as warnings.
  func listZoo(_ out: CommandOutput) {
    let catalogue = zooCatalogue
    let store = zooStore
    out.line("zoo catalogue: \(catalogue.directory.map(displayPath) ?? "none found (set REPL_ZOO_CATALOGUE)")")
    out.line("builds: \(displayPath(store.root))")
    if let directory = catalogue.directory, catalogue.entries.isEmpty && catalogue.problems.isEmpty {
      out.line("no catalogue files (NAME.zoo) in \(displayPath(directory))")
      return
    }
    let statuses = catalogue.entries.map { store.status(of: $0) }
    // Hashes end in `…` (they are cut short), which also keeps an all-digit one a string in JSON.
    let rows = zip(catalogue.entries, statuses).map { entry, status -> [String] in
      var info: ZooBuildInfo?
      if case .built(let built, _) = status { info = built }
      return [
        entry.name, status.word, entry.shortHash + "…", info?.vocabularySize.map(grouped) ?? "",
        info?.perplexity.map { decimal($0, 1) } ?? "", info.map { byteSize($0.sizeBytes) } ?? "",
        info.map { $0.sha256.prefix(12) + "…" } ?? "", entry.corpus,
      ]
    }
    // The corpus is a column of the JSON table; on the terminal it follows the table, one line each.
    let header = ["name", "built", "recipe", "vocab", "perplexity", "size", "sha-256", "corpus"]
    printTable(out.json ? header : header.dropLast(), out.json ? rows : rows.map { $0.dropLast() }, out)
    if !out.json { for entry in catalogue.entries { out.line("\(entry.name): \(entry.corpus)") } }
    if statuses.contains(where: { $0.word != "yes" }) {
      out.line("build an entry with: pretrained build NAME (from the shell: make pretrained ZOO=NAME)")
    }
    for problem in catalogue.problems { out.warning(problem) }
  }

  /// `10.2 MB`, `18.4 kB` or `512 bytes`.
  private func byteSize(_ bytes: Int) -> String {
    if bytes >= 1_000_000 { return decimal(Double(bytes) / 1e6, 1) + " MB" }
    return bytes >= 1000 ? decimal(Double(bytes) / 1e3, 1) + " kB" : "\(bytes) bytes"
  }

  /// `pretrained build NAME`: a no-op when a verified build of the same recipe exists.
  func buildZooEntry(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let entry = try zooCatalogue.require(try required(parsed, "NAME"))
    let store = zooStore
    let folder = displayPath(store.folder(for: entry))
    switch store.status(of: entry) {
    case .built:
      out.line("\(entry.name) is already built with this recipe (\(entry.shortHash)) in \(folder); nothing to do")
      return
    case .damaged(let reason): out.line("replacing the damaged build in \(folder) (\(reason))")
    case .notBuilt: break
    }
    let data = DataDirectory(environment: dataEnvironment).path
    out.line(
      "building \(entry.name) (recipe \(entry.shortHash), \(entry.recipe.count) commands) in \(displayPath(data))")
    let inherited = variables.filter { $0.key.hasPrefix("REPL_") }
    let builder = ZooBuilder(entry: entry, dataDirectory: data, variables: inherited, cancellation: cancellation)
    let (model, info) = try builder.run(out)
    try store.install(entry, model: model, info: info)
    let perplexity = info.perplexity.map { ", perplexity \(decimal($0, 1))" } ?? ""
    out.line(
      "built \(entry.name): \(byteSize(info.sizeBytes))\(perplexity), SHA-256 \(info.sha256.prefix(12)) in \(folder); load it with: load \(entry.name)"
    )
  }

  /// `pretrained show NAME`: the catalogue entry, its recipe, and what its build records.
  func showZooEntry(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let entry = try zooCatalogue.require(try required(parsed, "NAME"))
    let store = zooStore
    out.line("\(entry.name): \(entry.corpus)")
    out.line("catalogue file: \(displayPath(entry.file))")
    out.line("product: \(entry.product)")
    out.line("recipe (SHA-256 \(entry.recipeHash)):")
    for line in entry.recipe { out.line("  " + line) }
    let folder = displayPath(store.folder(for: entry))
    switch store.status(of: entry) {
    case .notBuilt: out.line("build: none in \(folder); build it with: \(CommandContext.zooBuildCommand(entry.name))")
    case .damaged(let reason):
      out.line("build: damaged (\(reason)) in \(folder); rebuild it with: pretrained build \(entry.name)")
    case .built(let info, _): showBuild(info, folder, out)
    }
  }

  /// The lines of a verified build record.
  private func showBuild(_ info: ZooBuildInfo, _ folder: String, _ out: CommandOutput) {
    out.line("build: \(folder) (SHA-256 verified)")
    out.line("vocabulary: \(info.vocabularySize.map { "\(grouped($0)) tokens" } ?? "none")")
    let validation = info.validationPerplexity.map { decimal($0, 2) } ?? "none (no val= text)"
    out.line("perplexity: training \(info.trainPerplexity.map { decimal($0, 2) } ?? "none"), validation \(validation)")
    out.line("model.safetensors: \(grouped(info.sizeBytes)) bytes, SHA-256 \(info.sha256)")
    out.line("built by repl \(info.toolVersion) on \(info.date)")
  }
}

extension CommandContext {
  /// The zoo entry `load NAME` means: NAME is not a catalogue dataset but names a zoo entry.
  func zooEntry(forLoad name: String) -> ZooEntry? {
    Catalogue.entry(name) == nil ? zooCatalogue.entry(name) : nil
  }

  /// The zoo entry `load NAME from WORD` means: WORD is no existing path but names a zoo entry.
  /// A plain word near an entry's name gets a suggestion instead of a missing-file error.
  func zooEntry(forPath word: String) throws -> ZooEntry? {
    guard !word.contains("/"), !FileManager.default.fileExists(atPath: resolvePath(word)) else { return nil }
    let catalogue = zooCatalogue
    if let entry = catalogue.entry(word) { return entry }
    let names = catalogue.entries.map(\.name)
    guard !names.isEmpty, !hint(word, names).isEmpty else { return nil }
    throw ReplError("no file, folder or pretrained model '\(word)'\(hint(word, names)); see: pretrained")
  }

  /// The names `load NAME` without `from` may take: catalogue datasets and zoo entries.
  var loadableNames: [String] { Catalogue.entries.map(\.name) + zooCatalogue.entries.map(\.name) }

  /// Loads a built zoo entry as the model `name`, after checking its SHA-256; a missing or damaged
  /// build is an error that gives the command that (re)builds it.
  func loadPretrained(_ entry: ZooEntry, as name: String, _ out: CommandOutput) throws {
    let store = zooStore
    switch store.status(of: entry) {
    case .notBuilt:
      throw ReplError(
        "pretrained model '\(entry.name)' is not built yet (recipe \(entry.shortHash)); build it with: \(CommandContext.zooBuildCommand(entry.name))"
      )
    case .damaged(let reason):
      throw ReplError(
        "pretrained model '\(entry.name)' is damaged (\(reason)) and was not used; rebuild it with: pretrained build \(entry.name)"
      )
    case .built(_, let bytes):
      let model = try Checkpoint.decode(bytes, registry: registry) { try workspace.checkPluginMetadata($0) }
      defineRestored(name, model, from: "the pretrained zoo (\(entry.name)-\(entry.shortHash), SHA-256 verified)", out)
    }
  }
}
