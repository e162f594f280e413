import CommandLanguage
import Fetching
import Foundation
import Schema
import TensorCore
import TextData
import TextFormatting
import Training

extension CommandContext {
  /// The data commands, each declared once: grammar, options with defaults, and what it does.
  static let dataCommands: [Command] = [
    Command(
      "load", category: "Data",
      abstract: "Load a dataset, vectors or a checkpoint from a file or folder, or a catalogue dataset",
      arguments: [.value("NAME", .newName), .optional([.keyword("from"), .value("PATH", .path)])],
      options: [
        OptionSpec(
          "format",
          .choice(["auto", "tsv", "csv", "jsonl", "text", "aclimdb", "uci", "blitzer", "vectors", "checkpoint", "bert"]
          ),
          default: "auto", help: "file format; detected from the path and content when auto"),
        OptionSpec("text", .string, help: "text column (name or 0-based index) or JSON field"),
        OptionSpec("label", .string, help: "label column (name or 0-based index) or JSON field"),
        OptionSpec("limit", .int(min: 1), help: "read at most this many examples"),
        OptionSpec(
          "encoding", .choice(["strict", "replace"]), default: "strict",
          help: "invalid UTF-8: an error (strict) or U+FFFD (replace)"),
        OptionSpec("header", .bool, help: "whether a TSV/CSV file starts with a header row (detected when unset)"),
        replaceOption,
        OptionSpec("vocab", .string, help: "word vectors: read only the rows of this vocabulary's words (fast)"),
      ],
      example: "load movies from ../shared/data/uci-sentiment-sentences/imdb_labelled.txt",
      discussion:
        "Formats: tsv and csv (RFC 4180 quoting, header detected), jsonl, text (one document per line), aclimdb (a root gives NAME.train, NAME.test, NAME.unsup), uci (sentence<TAB>0|1 → neg/pos), blitzer (*.review; a domain folder gives both polarities), vectors (GloVe or word2vec text), checkpoint (.safetensors; a plain PyTorch state dict is imported into an existing model NAME by tensor name), a saved vocabulary (.vocab), bert (a Hugging Face BERT folder: config.json, model.safetensors, vocab.txt; gives a model, the encoder with its WordPiece vocabulary). Without from, NAME is a catalogue dataset in the data directory (see datasets). Labels are sorted: numerically when all are numbers, else alphabetically (neg < pos). limit= applies per file (per class folder for aclImdb)."
    ) { context, parsed, out in try context.load(parsed, out) },
    Command(
      "datasets", category: "Data", abstract: "List the dataset catalogue and what is in the data directory",
      example: "datasets"
    ) { context, _, out in context.listCatalogue(out) },
    Command(
      "fetch", category: "Data", abstract: "Download a catalogue dataset into the data directory and verify it",
      arguments: [.value("NAME", .text)], example: "fetch uci-sentiment",
      discussion:
        "The data directory is $REPL_DATA, else $XDG_DATA_HOME/repl, else ~/.local/share/repl. $REPL_CATALOGUE_MIRROR replaces the canonical download URLs with a mirror that serves the same folders file by file. Nothing is installed unless every checksum and count matches."
    ) { context, parsed, out in try context.fetch(parsed, out) },
    Command(
      "synth", category: "Data", abstract: "Generate labeled review sentences offline (the teaching corpus)",
      arguments: [.value("NAME", .newName)],
      options: [
        OptionSpec(
          "domain", .choice(["movies", "products", "restaurants"]), default: "movies",
          help: "topic vocabulary and phrasing"),
        OptionSpec("n", .int(min: 1), default: "1000", help: "number of sentences"),
        OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
        OptionSpec("noise", .float(), default: "0.1", help: "fraction of labels flipped"),
        OptionSpec("shift", .float(), default: "1.0", help: "how much domain-specific wording is mixed in (0 to 1)"),
        replaceOption,
      ],
      example: "synth movies domain=movies n=1000 seed=1",
      discussion:
        "Sentences come from the project's own grammar: a sentiment vocabulary shared by all domains (good/bad words, intensifiers, \"not\" that flips a word), plus each domain's topics and set phrases. shift=1 uses domain wording in every sentence; lower values use more generic wording, so the domains look more alike and a model transfers better. Labels neg/pos are balanced, then noise= flips that fraction of them. The same options and seed give the same corpus."
    ) { context, parsed, out in try context.synth(parsed, out) },
    Command(
      "split", category: "Data", abstract: "Split a dataset into NAME.train, NAME.val and NAME.test",
      arguments: [.value("NAME", .object(.dataset))],
      options: [
        OptionSpec("train", .float(), default: "0.8", help: "training fraction"),
        OptionSpec("val", .float(), default: "0", help: "validation fraction"),
        OptionSpec("test", .float(), help: "test fraction (default: what train and val leave)"),
        OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
        OptionSpec("stratify", .bool, default: "yes", help: "keep label proportions in every part"),
        replaceOption,
      ],
      example: "split movies train=0.8 val=0.1 test=0.1 seed=1",
      discussion:
        "The fractions must sum to 1. Stratified by default: each label is divided on its own, so every part keeps the label proportions. val=0 (the default) makes no NAME.val."
    ) { context, parsed, out in try context.split(parsed, out) },
    Command(
      "sample", category: "Data", abstract: "Draw a (stratified) random sample of a dataset as a new dataset",
      arguments: [.value("NAME", .object(.dataset)), .keyword("as"), .value("NEW", .newName)],
      options: [
        OptionSpec("n", .int(min: 1), required: true, help: "sample size"),
        OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
        OptionSpec("stratify", .bool, default: "yes", help: "keep label proportions"),
        replaceOption,
      ],
      example: "sample movies.train n=100 seed=1 as small"
    ) { context, parsed, out in try context.sample(parsed, out) },
    Command(
      "head", category: "Data", abstract: "Show the first examples of a dataset",
      arguments: [.value("NAME", .object(.dataset)), .optional([.value("N", .text)])], example: "head movies 5"
    ) { context, parsed, out in try context.head(parsed, out) },
    Command(
      "vocab", category: "Data", abstract: "Build a vocabulary from one or more datasets",
      arguments: [.value("NAME", .newName), .keyword("from"), .value("DATASETS", .object(.dataset))],
      options: [
        OptionSpec("size", .int(min: 1), default: "20000", help: "most frequent tokens kept (plus <pad>, <unk>)"),
        OptionSpec("min_count", .int(min: 1), default: "2", help: "drop tokens seen fewer times"),
        OptionSpec("lowercase", .bool, default: "yes", help: "fold case before counting"),
        OptionSpec("stopwords", .choice(["none", "english"]), default: "none", help: "drop a stopword list"),
        replaceOption,
        OptionSpec(
          "mask", .bool, default: "no", help: "add a <mask> token (the last id) for train … task=mlm"),
      ],
      example: "vocab v from movies.train size=20000 min_count=2",
      discussion:
        "Warning: the English stopword list removes negations such as \"not\" and \"no\", which flips the sentiment of sentences like \"not good\"; keep stopwords=none for sentiment."
    ) { context, parsed, out in try context.buildVocabulary(parsed, out) },
  ]

  /// Runs data-layer work, turning its errors into one-line `ReplError`s (or an interruption).
  func dataWork<T>(_ work: () throws -> T) throws -> T {
    do {
      return try work()
    } catch let error as DataError {
      if cancellation.isCancelled { throw CancelledError() }
      throw ReplError(error.message)
    }
  }

  /// A required positional argument (the parser guarantees it; this keeps a bad table from crashing).
  func required(_ parsed: ParsedCommand, _ placeholder: String) throws -> String {
    guard let value = parsed.argument(placeholder) else { throw ReplError("missing \(placeholder)") }
    return value
  }

  /// The data directory and catalogue mirror: session variables `REPL_DATA` and
  /// `REPL_CATALOGUE_MIRROR` override the environment variables of the same names.
  /// A relative `REPL_DATA` is taken relative to the session's working directory.
  var dataEnvironment: [String: String] {
    var env = ProcessInfo.processInfo.environment
    for key in ["REPL_DATA", "REPL_CATALOGUE_MIRROR"] { if let v = variables[key] { env[key] = v } }
    if let data = env["REPL_DATA"], !data.isEmpty { env["REPL_DATA"] = resolvePath(data) }
    return env
  }

  /// `load NAME from PATH …` or `load NAME` (a catalogue dataset from the data directory).
  func load(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    let options = parsed.options
    let format = try options.choice("format", as: DataFormat.self)
    let loadOptions = LoadOptions(
      format: format, textColumn: options.string("text"), labelColumn: options.string("label"),
      limit: options.int("limit"), replaceInvalid: options.string("encoding") == "replace",
      header: options.has("header") ? options.bool("header") : nil, cancellation: cancellation,
      words: try options.string("vocab").map { try vectorsVocabulary($0, format: format) })
    guard let path = parsed.argument("PATH") else {
      if let entry = zooEntry(forLoad: name) { return try loadPretrained(entry, as: name, out) }
      try loadCatalogueDataset(name, loadOptions, out)
      return
    }
    if let entry = try zooEntry(forPath: path) { return try loadPretrained(entry, as: name, out) }
    if path.lowercased().hasSuffix(".vocab") { return try loadVocabularyFile(name, path, out) }
    let openPath = path.hasPrefix("~/") ? resolvePath(path) : path
    let loader = DataLoader(baseDirectory: workingDirectory, options: loadOptions)
    let result = try dataWork { try loader.load(openPath) }
    if case .checkpoint = result {
      try loadCheckpoint(name: name, path: resolvePath(path), out)
      return
    }
    if case .bert = result { return try loadBert(name: name, path: path, out) }
    if loadOptions.words != nil, case .datasets = result {
      throw ReplError("option 'vocab=' applies to word vectors only, and '\(path)' holds a dataset")
    }
    defineLoaded([(nil, result)], as: name, out)
  }

  /// The words of `load … vocab=V` (only with vectors: `format=vectors` or detected).
  private func vectorsVocabulary(_ name: String, format: DataFormat) throws -> [String] {
    if format != .auto && format != .vectors {
      throw ReplError("option 'vocab=' applies to word vectors only (format=vectors), not format=\(format.rawValue)")
    }
    guard case .vocabulary(let v)? = objects[name] else {
      let names = objects.keys.filter { if case .vocabulary = objects[$0] { true } else { false } }.sorted()
      throw ReplError(
        "option 'vocab=': '\(name)' is not a vocabulary\(hint(name, names)); build one with vocab \(name) from DATASET")
    }
    return v.tokens
  }

  private func loadCatalogueDataset(_ name: String, _ options: LoadOptions, _ out: CommandOutput) throws {
    guard let entry = Catalogue.entry(name) else {
      throw ReplError(
        "'\(name)' is not a catalogue dataset or pretrained model\(hint(name, loadableNames)); say load \(name) from PATH, or see: datasets, pretrained"
      )
    }
    let directory = DataDirectory(environment: dataEnvironment)
    let results = try dataWork { try directory.load(entry, options: options) }
    defineLoaded(results, as: name, out)
  }

  /// Defines every loaded object at once (only after the whole load succeeded) and summarises it.
  private func defineLoaded(_ results: [(String?, LoadResult)], as name: String, _ out: CommandOutput) {
    var objects: [(String, SessionObject)] = []
    for (outer, result) in results {
      switch result {
      case .datasets(let list):
        for loaded in list {
          let full = [name, outer, loaded.suffix].compactMap { $0 }.joined(separator: ".")
          objects.append((full, .dataset(loaded.dataset)))
        }
      case .vectors(let vectors):
        objects.append(([name, outer].compactMap { $0 }.joined(separator: "."), .vectors(vectors)))
      case .checkpoint, .bert: break
      }
    }
    for (full, object) in objects {
      define(full, object)
      switch object {
      case .dataset(let d): out.line("\(full): \(summary(d))")
      case .vectors(let v): out.line("\(full): \(v.words.count) vectors of dimension \(v.dimension)")
      default: break
      }
    }
  }

  /// `1000 examples (neg 500, pos 500)` or `20000 examples (unlabeled)`.
  func summary(_ d: Dataset) -> String {
    var counts = [Int](repeating: 0, count: d.labelNames.count)
    for e in d.examples { if let l = e.label, l < counts.count { counts[l] += 1 } }
    let labels =
      d.labelNames.isEmpty ? "unlabeled" : zip(d.labelNames, counts).map { "\($0) \($1)" }.joined(separator: ", ")
    return "\(d.count) examples (\(labels))"
  }

  /// `datasets`: the catalogue and what the data directory holds.
  func listCatalogue(_ out: CommandOutput) {
    let directory = DataDirectory(environment: dataEnvironment)
    out.line("data directory: \(displayPath(directory.path))")
    let rows = Catalogue.entries.map { entry -> [String] in
      [
        entry.name, directory.contains(entry) ? "present" : "absent",
        entry.counts.map { $0.0.isEmpty ? "\($0.1)" : "\($0.0) \($0.1)" }.joined(separator: ", "), entry.licence,
      ]
    }
    printTable(["name", "status", "examples", "licence"], rows, out)
    for entry in Catalogue.entries {
      let note: String
      switch entry.checksums {
      case .original: note = "SHA-256 of the original files"
      case .mirror: note = "SHA-256 of the mirror layout, not of the original archive"
      case .none: note = "checked by counts only"
      }
      let full = entry.originalCounts.isEmpty ? "" : "; the original has \(entry.originalCounts)"
      out.line("\(entry.name): \(entry.title). \(entry.citation). \(note)\(full). \(entry.url)")
    }
  }

  /// `fetch NAME`: download, unpack, verify; progress on a terminal only.
  func fetch(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    guard let entry = Catalogue.entry(name) else {
      throw ReplError("no catalogue dataset '\(name)'\(hint(name, Catalogue.entries.map(\.name))); see: datasets")
    }
    let env = dataEnvironment
    let fetcher = Fetcher(directory: DataDirectory(environment: env), mirror: env["REPL_CATALOGUE_MIRROR"])
    let token = cancellation
    let folder = try dataWork {
      try fetcher.fetch(entry, cancellation: { token.isCancelled }) { received, expected, file in
        guard out.showsProgress else { return }
        out.progress(progressBar(received, expected, file))
      }
    }
    let counts = entry.counts.map { $0.0.isEmpty ? "\($0.1)" : "\($0.0) \($0.1)" }.joined(separator: ", ")
    let verified =
      fetcher.mirror != nil || entry.checksums == .original ? "\(entry.files.count) files SHA-256 verified, " : ""
    out.line("fetched \(entry.name) into \(displayPath(folder)): \(verified)counts \(counts)")
  }

  /// `books.txt [########------------]  40%  1.2 MB / 3.0 MB`.
  func progressBar(_ received: Int, _ expected: Int?, _ file: String) -> String {
    let mb = { (bytes: Int) in decimal(Double(bytes) / 1e6, 1) + " MB" }
    guard let expected, expected > 0 else { return "\(file)  \(mb(received))" }
    let share = min(1, Double(received) / Double(expected))
    let filled = Int(share * 20)
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled)
    return "\(file) [\(bar)] \(Int(share * 100))%  \(mb(received)) / \(mb(expected))"
  }

  /// `synth NAME domain=… n=… seed=… noise=… shift=…`.
  func synth(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    let o = parsed.options
    let domain = try o.choice("domain", as: SyntheticCorpus.Domain.self)
    let corpus = SyntheticCorpus(
      domain: domain, noise: try o.value("noise", as: Double.self), shift: try o.value("shift", as: Double.self))
    let n = try o.value("n", as: Int.self)
    try requireMemory(
      MemoryBudget.product(n, MemoryEstimate.bytesPerSentence), for: "synth \(name) n=\(n)", advice: "use a smaller n=")
    let dataset = try dataWork {
      try corpus.generate(n: n, seed: UInt64(try o.value("seed", as: Int.self)), cancellation: cancellation)
    }
    define(name, .dataset(dataset))
    out.line("\(name): \(summary(dataset)), \(dataset.source)")
  }

  /// `split NAME train= val= test= seed= stratify=` → NAME.train, NAME.val (when val > 0), NAME.test.
  func split(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    let dataset = try self.dataset(name)
    let o = parsed.options
    let train = try o.value("train", as: Double.self)
    let val = try o.value("val", as: Double.self)
    let test = o.has("test") ? (try o.value("test", as: Double.self)) : 1 - train - val
    let sum = train + val + test
    guard train > 0, val >= 0, test >= 0, abs(sum - 1) <= 1e-6 else {
      throw ReplError(
        "split \(name): train=\(decimal(train, 3)) val=\(decimal(val, 3)) test=\(decimal(test, 3)) must be ≥ 0 (train > 0) and sum to 1, not \(decimal(sum, 3))"
      )
    }
    let parts = try dataWork {
      try dataset.split(
        fractions: [train, val, test], seed: UInt64(try o.value("seed", as: Int.self)),
        stratify: try o.value("stratify", as: Bool.self))
    }
    for (suffix, part) in zip(["train", "val", "test"], parts) where suffix != "val" || val > 0 {
      define("\(name).\(suffix)", .dataset(part))
      out.line("\(name).\(suffix): \(summary(part))")
    }
  }

  /// `sample NAME n= seed= as NEW`.
  func sample(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    let new = try required(parsed, "NEW")
    let dataset = try self.dataset(name)
    let o = parsed.options
    let n = try o.value("n", as: Int.self)
    guard n <= dataset.count else {
      throw ReplError("sample \(name): n=\(n) is larger than the dataset (\(dataset.count) examples)")
    }
    try requireMemory(
      MemoryBudget.product(n, MemoryEstimate.bytesPerSampledExample), for: "sample \(name) n=\(n)",
      advice: "use a smaller n=")
    let sample = try dataWork {
      try dataset.sample(
        n: n, seed: UInt64(try o.value("seed", as: Int.self)), stratify: try o.value("stratify", as: Bool.self))
    }
    define(new, .dataset(sample))
    out.line("\(new): \(summary(sample))")
  }

  /// `head NAME [N]`: label and text (cut to one line that fits the width) of the first N examples.
  func head(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    let dataset = try self.dataset(name)
    let text = parsed.argument("N") ?? "5"
    guard let n = Int(text), n >= 0 else { throw ReplError("head \(name): N must be a whole number, got '\(text)'") }
    let width = dataset.labelNames.map(\.count).max() ?? 1
    let label = { (e: Example) in e.label.map { $0 < dataset.labelNames.count ? dataset.labelNames[$0] : "\($0)" } }
    if out.json {
      let rows = dataset.examples.prefix(n).enumerated().map { ["\($0 + 1)", label($1) ?? "", $1.text] }
      return printTable(["example", "label", "text"], rows, out)
    }
    for (i, e) in dataset.examples.prefix(n).enumerated() {
      let prefix = "\(i + 1)  \((label(e) ?? "-").padding(toLength: max(width, 1), withPad: " ", startingAt: 0))  "
      out.line(prefix + CommandContext.oneLine(e.text, max(out.width - prefix.count, 20)))
    }
  }

  /// `text` on one line (blanks collapsed), cut to `limit` characters with `…`.
  static func oneLine(_ text: String, _ limit: Int) -> String {
    let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
    let joined = words.joined(separator: " ")
    return joined.count <= limit ? joined : String(joined.prefix(limit - 1)) + "…"
  }

  /// `vocab V from A,B size= min_count= lowercase= stopwords=`.
  func buildVocabulary(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = try required(parsed, "NAME")
    let sources = (parsed.arguments["DATASETS"] ?? []).flatMap { $0.split(separator: ",").map(String.init) }
    let datasets = try sources.map { try dataset($0) }
    guard !datasets.isEmpty else { throw ReplError("vocab \(name): name at least one dataset after 'from'") }
    let o = parsed.options
    let settings = TokenizerSettings(
      lowercase: try o.value("lowercase", as: Bool.self), stopwords: try o.value("stopwords", as: String.self))
    let vocabulary = try Vocabulary.build(
      from: datasets, sources: sources, size: try o.value("size", as: Int.self),
      minCount: try o.value("min_count", as: Int.self),
      settings: settings, mask: try o.value("mask", as: Bool.self), cancellation: cancellation)
    define(name, .vocabulary(vocabulary))
    let mask = o.bool("mask") == true
    let specials = mask ? "<pad>, <unk>, <mask>" : "<pad>, <unk>"
    out.line(
      "\(name): \(vocabulary.count) tokens (\(vocabulary.count - (mask ? 3 : 2)) words + \(specials)) from \(sources.joined(separator: ", "))"
    )
    for (source, dataset) in zip(sources, datasets) {
      let line = coverageLine(vocabulary, source, dataset)
      if cancellation.isCancelled { throw CancelledError() }
      out.line(line)
    }
    if settings.stopwords == "english" { out.warning(CommandContext.stopwordWarning) }
  }

  /// Printed by `vocab … stopwords=english` (the same caution as `help vocab`).
  static let stopwordWarning =
    "stopwords=english removes negations (not, no, nor, n't), which flips sentiment (\"not good\" reads as \"good\"); use stopwords=none for sentiment"

  /// `coverage of movies.train: 97.12% of tokens (OOV 2.88%)`.
  func coverageLine(_ vocabulary: Vocabulary, _ name: String, _ dataset: Dataset) -> String {
    let (known, total) = vocabulary.coverage(of: dataset)
    let share = total == 0 ? 1 : Double(known) / Double(total)
    return "coverage of \(name): \(decimal(share * 100, 2))% of \(total) tokens (OOV \(decimal((1 - share) * 100, 2))%)"
  }
}

extension CommandContext {
  /// `show NAME` for a dataset (owned by the data area).
  func showDataset(_ name: String, _ dataset: Dataset, _ out: CommandOutput) throws {
    let s = dataset.statistics()
    out.line("\(name): \(summary(dataset))")
    if s.unlabeled > 0 && !dataset.labelNames.isEmpty { out.line("unlabeled: \(s.unlabeled)") }
    out.line("source: \(dataset.source)")
    out.line(
      "tokens: \(s.tokens) (\(s.distinctTokens) distinct); length p50 \(s.p50), p90 \(s.p90), p99 \(s.p99), max \(s.maxLength)"
    )
    out.line("most frequent: " + s.topTokens.map { "\($0.token) \($0.count)" }.joined(separator: ", "))
    out.line("duplicates: \(s.duplicates)")
  }

  /// `show NAME` for a vocabulary (owned by the data area).
  func showVocabulary(_ name: String, _ vocabulary: Vocabulary, _ out: CommandOutput) throws {
    out.line("\(name): \(vocabulary.count) tokens (\(vocabulary.count - 2) words + <pad>, <unk>)")
    let settings = vocabulary.settings
    out.line("settings: lowercase=\(settings.lowercase ? "yes" : "no") stopwords=\(settings.stopwords)")
    guard !vocabulary.sources.isEmpty else {
      out.line("built from: unknown (no coverage to report)")
      return
    }
    out.line("built from: \(vocabulary.sources.joined(separator: ", "))")
    for source in vocabulary.sources {
      if case .dataset(let d)? = objects[source] {
        let line = coverageLine(vocabulary, source, d)
        if cancellation.isCancelled { throw CancelledError() }
        out.line(line)
      } else {
        out.line("coverage of \(source): the dataset is no longer in the session")
      }
    }
  }
}
