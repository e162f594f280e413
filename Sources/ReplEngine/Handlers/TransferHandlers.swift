import CommandLanguage
import Schema
import TensorCore
import TextData
import Training
import Transfer

extension CommandContext {
  /// The transfer commands, each declared once: grammar, options with defaults, and what it does.
  static let transferCommands: [Command] = [
    Command(
      "transfer", category: "Transfer",
      abstract: "Copy weights from a model, vectors or FILE.safetensors (plan: dry run)",
      arguments: [.value("SRC", .object(.any)), .keyword("->"), .value("DST", .object(.layer))],
      options: [
        OptionSpec("layers", .list, default: "all", help: "layers to transfer (names, or all)"),
        OptionSpec("freeze", .list, default: "no", help: "yes (the transferred layers), no, or a list of layers"),
        OptionSpec("prefix", .string, help: "for a file: strip it from tensor names (module.)"),
        OptionSpec(
          "strict", .bool, default: "yes",
          help: "for a file: missing/unexpected tensors are errors"),
      ],
      flags: ["plan"],
      example: "transfer lm -> clf layers=embedding,lstm freeze=yes",
      discussion:
        "SRC may be a safetensors file written by PyTorch (safetensors.torch.save_file(module.state_dict(), path)): its tensors are matched to the model's parameters by PyTorch name (embedding.weight, lstm.weight_ih_l0, dense.bias, …) and the plan shows each as copied, mismatch, missing or unexpected. F32, F64, F16 and BF16 tensors are read. A whole repl checkpoint is read with load instead."
    ) { context, parsed, out in try context.runTransfer(parsed, out) },
    Command(
      "drift", category: "Transfer", abstract: "Per-layer relative change ‖ΔW‖/‖W‖ between two models",
      arguments: [.value("A", .object(.model)), .value("B", .object(.model))], example: "drift base tuned"
    ) { context, parsed, out in try context.runDrift(parsed, out) },
    Command(
      "similarity", category: "Transfer",
      abstract: "Vocabulary overlap and proxy A-distance between two datasets",
      arguments: [.value("A", .object(.dataset)), .value("B", .object(.dataset))],
      example: "similarity movies products"
    ) { context, parsed, out in try context.runSimilarity(parsed, out) },
    Command(
      "save", category: "Transfer", abstract: "Save a model, dataset, vocabulary or vectors to a file",
      arguments: [.value("NAME", .object(.any)), .keyword("to"), .value("FILE", .path)],
      options: [
        OptionSpec(
          "format", .choice(["glove", "word2vec", "bert"]),
          help: "vectors: GloVe text, or word2vec (default for .vec); a BERT model: bert (a Hugging Face folder)")
      ],
      example: "save clf to clf.safetensors",
      discussion:
        "A model goes to FILE.safetensors (a checkpoint PyTorch reads as a state dict), a dataset or split to FILE.tsv (a label<TAB>text header, then one example per line; tabs and line breaks inside a text become blanks), a vocabulary to FILE.vocab (its tokenizer settings, then token<TAB>count per id, counted in the datasets it was built from), word vectors to GloVe or word2vec text; with format=bert a BERT encoder goes to the folder FILE in the Hugging Face layout (config.json, model.safetensors, vocab.txt). load NAME from FILE reads each of them back."
    ) { context, parsed, out in try context.runSave(parsed, out) },
    Command(
      "neighbors", category: "Transfer", abstract: "Nearest words by cosine similarity",
      arguments: [.value("NAME", .object(.any)), .value("WORD", .text)],
      options: [OptionSpec("k", .int(min: 1), default: "10", help: "how many neighbours")],
      example: "neighbors glove good k=5"
    ) { context, parsed, out in try context.runNeighbors(parsed, out) },
    Command(
      "pretrain skipgram", category: "Transfer",
      abstract: "Train word2vec skip-gram vectors with negative sampling on a dataset",
      arguments: [.value("NAME", .newName), .keyword("on"), .value("DATASET", .object(.dataset))],
      options: [
        OptionSpec("dim", .int(min: 1), default: "100", help: "vector size"),
        OptionSpec("window", .int(min: 1), default: "5", help: "context window"),
        OptionSpec("negatives", .int(min: 1), default: "5", help: "noise words per pair"),
        OptionSpec("epochs", .int(min: 1), default: "3", help: "passes over the data"),
        OptionSpec("min_count", .int(min: 1), default: "5", help: "drop rarer words"),
        OptionSpec("lr", .float(positive: true), default: "0.025", help: "initial learning rate"),
        OptionSpec("sample", .float(), default: "0.001", help: "frequent-word subsampling threshold"),
        OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
        OptionSpec("threads", .int(min: 1), default: "1", help: "worker threads"),
        replaceOption,
      ],
      example: "pretrain skipgram sg on imdb.unsup dim=100 epochs=3"
    ) { context, parsed, out in try context.runSkipgram(parsed, out) },
  ]
}

extension CommandContext {
  /// `show NAME` for word vectors (owned by the transfer area).
  func showVectors(_ name: String, _ vectors: WordVectors, _ out: CommandOutput) throws {
    out.line(
      "\(name): \(grouped(vectors.words.count)) vectors of dimension \(vectors.dimension) (from \(vectors.source))")
    let first = vectors.words.prefix(10).joined(separator: " ")
    out.line("words: \(first)\(vectors.words.count > 10 ? " …" : "")")
  }

  /// `load NAME from FILE.safetensors` (called by the data area's `load`): restores a model.
  func loadCheckpoint(name: String, path: String, _ out: CommandOutput) throws {
    if try loadForeignStateDict(name: name, path: path, out) { return }
    let model = try Checkpoint.load(from: resolvePath(path), registry: registry) {
      try workspace.checkPluginMetadata($0)
    }
    defineRestored(name, model, from: "the checkpoint", out)
  }

  /// Defines a model restored from a checkpoint's bytes and says what it is and where it came from.
  func defineRestored(_ name: String, _ model: TextModel, from origin: String, _ out: CommandOutput) {
    define(name, .model(model))
    let vocabulary = model.vocabulary.map { ", vocabulary of \(grouped($0.count)) tokens" } ?? ""
    out.line(
      "\(name): \(model.network.spec.text) (\(grouped(model.network.parameterCount)) parameters\(vocabulary)), restored from \(origin)"
    )
  }

  /// `transfer SRC -> DST [layers=…] [freeze=…] [plan]`.
  fileprivate func runTransfer(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let sourceName = parsed.argument("SRC") ?? ""
    if objects[sourceName] == nil && sourceName.hasSuffix(".safetensors") { return try importStateDict(parsed, out) }
    let (targetName, targetLayer) = try transferTarget(parsed.argument("DST") ?? "")
    let target = try model(targetName)
    let freeze = (try parsed.options.value("freeze", as: String.self)).split(separator: ",").map(String.init)
    let request = TransferRequest(layers: parsed.options.list("layers"), targetLayer: targetLayer, freeze: freeze)
    let plan: TransferPlan
    switch try object(sourceName) {
    case .model(let source):
      plan = try TransferPlanner.plan(from: source, named: sourceName, to: target, named: targetName, request: request)
    case .vectors(let vectors):
      plan = try TransferPlanner.plan(from: vectors, named: sourceName, to: target, named: targetName, request: request)
    case let other:
      throw ReplError("'\(sourceName)' is a \(other.kind.rawValue); transfer copies from a model or word vectors")
    }
    try finishTransfer(
      plan, from: sourceName, to: target, named: targetName, planOnly: parsed.flags.contains("plan"), out)
  }

  /// Shows a plan (with `plan`, changing nothing) or applies it and shows what it did.
  func finishTransfer(
    _ plan: TransferPlan, from sourceName: String, to target: TextModel, named targetName: String, planOnly: Bool,
    _ out: CommandOutput
  ) throws {
    if planOnly {
      printPlan(plan, out)
      if let problem = plan.problem { throw problem }
      out.line("plan only: '\(targetName)' is unchanged (run without plan to apply)")
      return
    }
    try plan.apply(to: target)
    printPlan(plan, out)
    let frozen = plan.freezeLayers.isEmpty ? "" : "; froze \(plan.freezeLayers.joined(separator: ", "))"
    out.line("transferred \(sourceName) -> \(targetName): \(plan.summary)\(frozen)")
  }

  func printPlan(_ plan: TransferPlan, _ out: CommandOutput) {
    printTable(TransferPlan.header, plan.tableRows, out)
    if let line = plan.coverageLine { out.line(line) }
    if let line = plan.untouchedLine { out.line(line) }
  }

  /// `clf` or `clf.embedding` → the model name and the optional layer name.
  func transferTarget(_ text: String) throws -> (String, String?) {
    if objects[text] != nil { return (text, nil) }
    if let dot = text.lastIndex(of: "."), objects[String(text[..<dot])] != nil {
      return (String(text[..<dot]), String(text[text.index(after: dot)...]))
    }
    _ = try object(text)
    return (text, nil)
  }

  /// `drift A B`.
  fileprivate func runDrift(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let a = parsed.argument("A") ?? ""
    let b = parsed.argument("B") ?? ""
    let rows = try drift(try model(a), try model(b), names: (a, b))
    printTable(
      ["layer", "drift", "frozen"],
      rows.map { r in
        [
          r.layer, r.identical ? "0" : (r.relativeChange < 1e-6 ? "<0.000001" : decimal(r.relativeChange, 6)),
          r.frozen ? "yes" : "no",
        ]
      }, out)
  }

  /// `save MODEL to FILE.safetensors`.
  fileprivate func runSave(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("NAME") ?? ""
    let path = parsed.argument("FILE") ?? ""
    let bert = parsed.options.string("format") == "bert"
    guard case .model(let m) = try object(name) else {
      if bert { throw ReplError("format=bert saves a BERT model; '\(name)' is a \(try object(name).kind.rawValue)") }
      return try saveObject(name, to: path, parsed, out)
    }
    if bert { return try saveBert(m, named: name, to: path, out) }
    guard path.hasSuffix(".safetensors") else {
      throw ReplError("checkpoints are safetensors files: save \(name) to \(path).safetensors")
    }
    try Checkpoint.save(m, registry: registry, extra: workspace.pluginMetadata(for: m.network), to: resolvePath(path))
    out.line(
      "saved \(name) to \(path) (\(m.network.parameters.count) tensors, \(grouped(m.network.parameterCount)) parameters)"
    )
  }

  /// `neighbors MODEL|V WORD [k=10]`.
  fileprivate func runNeighbors(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("NAME") ?? ""
    let word = parsed.argument("WORD") ?? ""
    let vectors: WordVectors
    switch try object(name) {
    case .vectors(let v): vectors = v
    case .model(let m): vectors = try WordVectors.embedding(of: m, named: name)
    case let other: throw ReplError("'\(name)' is a \(other.kind.rawValue); neighbors needs word vectors or a model")
    }
    let found = try vectors.neighbors(of: word, k: try parsed.options.value("k", as: Int.self))
    printTable(["word", "cosine"], found.map { [$0.word, decimal($0.similarity, 4)] }, out)
  }

  /// `similarity A B`.
  fileprivate func runSimilarity(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let a = parsed.argument("A") ?? ""
    let b = parsed.argument("B") ?? ""
    let s = try DomainSimilarity(try dataset(a), try dataset(b))
    out.line("vocabulary overlap (Jaccard of the top \(s.topK) words): \(decimal(s.jaccard, 3))")
    out.line("share of \(b)'s words covered by \(a)'s top \(s.topK): \(decimal(s.coverage * 100, 1))%")
    out.line(
      "domain classifier error (naive Bayes on word presence in \(s.windowTokens)-token windows, the median length of \(b); \(s.perDomain / 2) train + \(s.perDomain - s.perDomain / 2) test windows per domain): \(decimal(s.classifierError, 3))"
    )
    out.line("proxy A-distance: \(decimal(s.proxyADistance, 3)) — \(s.interpretation)")
  }

  /// `pretrain skipgram NAME on DATASET …`.
  fileprivate func runSkipgram(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("NAME") ?? ""
    let datasetName = parsed.argument("DATASET") ?? ""
    let data = try dataset(datasetName)
    let o = parsed.options
    var config = SkipGramConfig()
    config.dim = try o.value("dim", as: Int.self)
    config.window = try o.value("window", as: Int.self)
    config.negatives = try o.value("negatives", as: Int.self)
    config.epochs = try o.value("epochs", as: Int.self)
    config.minCount = try o.value("min_count", as: Int.self)
    config.sample = try o.value("sample", as: Double.self)
    config.lr = try o.value("lr", as: Float.self)
    config.seed = UInt64(try o.value("seed", as: Int.self))
    config.threads = try o.value("threads", as: Int.self)
    let tokenizer = Tokenizer(settings: TokenizerSettings())
    let trainer = try SkipGram(tokenized: data.examples.map { tokenizer.tokenize($0.text) }, config: config)
    try requireMemory(
      MemoryEstimate.skipgram(words: trainer.words.count, dim: config.dim),
      for: "pretrain skipgram \(name): \(trainer.words.count) words × dim=\(config.dim)",
      advice: "use a smaller dim= or a larger min_count=")
    let token = cancellation
    let clock = ContinuousClock()
    let start = clock.now
    var pairs = 0
    guard var vectors = trainer.train(pairs: &pairs, shouldStop: { token.isCancelled }) else { throw CancelledError() }
    let seconds = clock.now - start
    vectors.source = "pretrain skipgram on \(datasetName)"
    define(name, .vectors(vectors))
    out.line(
      "\(name): \(grouped(vectors.words.count)) words × \(config.dim) dimensions from \(grouped(trainer.corpusWords)) corpus words, \(config.epochs) epoch\(config.epochs == 1 ? "" : "s")"
    )
    let secs = Double(seconds.components.seconds) + Double(seconds.components.attoseconds) * 1e-18
    out.line(
      "trained \(grouped(pairs)) pairs in \(formatDuration(seconds)) (\(formatRate(Double(pairs) / max(secs, 1e-9), unit: "pairs")))"
    )
  }
}
