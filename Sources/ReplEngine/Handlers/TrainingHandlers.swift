import CommandLanguage
import Metrics
import Schema
import TensorCore
import TextData
import Training

/// The options of `train`; `curve` takes the recipe options among them.
let trainOptions: [OptionSpec] = [
  OptionSpec("val", .string, help: "validation dataset (early stopping and curves)"),
  OptionSpec("epochs", .int(min: 1), default: "5", help: "passes over the data"),
  OptionSpec("batch", .int(min: 1), default: "32", help: "examples per step"),
  OptionSpec("lr", .float(positive: true), default: "0.002", help: "learning rate"),
  OptionSpec("opt", .choice(["adam", "adamw", "sgd"]), default: "adam", help: "optimizer"),
  OptionSpec("momentum", .float(), default: "0.9", help: "SGD momentum"),
  OptionSpec(
    "betas", .string, default: "0.9,0.999",
    help: "Adam's moment decays b1,b2 (ULMFiT/fastai: 0.7,0.99)"),
  OptionSpec("wd", .float(), default: "0", help: "weight decay (decoupled for adamw)"),
  OptionSpec("clip", .float(), default: "0", help: "clip the global gradient norm (0: off)"),
  OptionSpec(
    "patience", .int(min: 0), default: "0", help: "early stopping: epochs without val improvement (0: off)"),
  OptionSpec(
    "schedule", .choice(["constant", "onecycle", "stlr"]), default: "constant", help: "learning-rate schedule"),
  OptionSpec(
    "unfreeze", .choice(["none", "gradual"]), default: "none",
    help: "gradual: unfreeze one layer group per epoch from the top"),
  OptionSpec(
    "lr_decay", .float(positive: true), default: "1",
    help: "discriminative rates: each lower layer gets lr divided by this"),
  OptionSpec(
    "task", .choice(["classify", "lm", "mlm"]), default: "classify",
    help: "classification, next-token language modelling, or masked language modelling (BERT)"),
  OptionSpec(
    "mask_p", .float(positive: true), default: "0.15",
    help: "task=mlm: the share of positions chosen for prediction (80% <mask>, 10% random, 10% kept)"),
  OptionSpec("bptt", .int(min: 2), default: "64", help: "language-model sequence length"),
  OptionSpec(
    "streams", .bool, default: "yes",
    help:
      "task=lm: yes = the text as `batch` contiguous streams, state carried between windows, varied bptt (AWD-LSTM); no = shuffled windows from a zero state"
  ),
  OptionSpec(
    "maxlen", .int(min: 1), default: "256",
    help: "truncate examples to this many tokens; with task=lm, if given, cut each document (default: whole)"
  ),
  OptionSpec("seed", .int(min: 0), default: "1", help: "seed for shuffling, dropout and the masks of task=mlm"),
  OptionSpec(
    "threads", .int(min: 1), default: "1",
    help: "2 (or more) runs each batch as two halves on two threads: reproducible, not the same bits as 1"),
]

/// The `train` options a `curve` recipe takes (not those that concern validation, language models,
/// seeds or threads, which `curve` sets per run).
let curveRecipeOptions = trainOptions.filter {
  !["val", "patience", "task", "bptt", "streams", "seed", "threads"].contains($0.key)
}

extension CommandContext {
  /// The training commands, each declared once: grammar, options with defaults, and what it does.
  static let trainingCommands: [Command] = [
    Command(
      "train", category: "Training", abstract: "Train a model on a dataset (Ctrl-C stops after the current batch)",
      arguments: [.value("MODEL", .object(.model)), .keyword("on"), .value("DATASET", .object(.dataset))],
      options: trainOptions,
      example: "train clf on movies.train val=movies.val epochs=5 lr=0.002",
      discussion:
        "A classifier built on a recurrent language model's encoder (model clf = encoder LM | pool concat | dense out=2) is fine-tuned the ULMFiT way (Howard & Ruder 2018, section 3.3) in its first train unless you give these options: schedule=stlr (slanted triangular rates), unfreeze=gradual (one layer group per epoch from the top), lr_decay=2.6 (discriminative rates), betas=0.7,0.99 and lr=0.01 (the fastai IMDb recipe). train prints the ones it used. "
        + "task=mlm is BERT's masked language model: the vocabulary needs a <mask> token (vocab V from D mask=yes; a BERT vocabulary's [MASK] works too) and the model one score per vocabulary token at each position (e.g. embedding dim=64 | transformer heads=2 | transformer heads=2 positions=none | dense out=vocab tie=embedding). Each epoch, every real position that is not special is chosen with probability mask_p (padding never); a chosen position becomes <mask> 80% of the time, a random token 10%, and stays itself 10%; the loss counts the chosen positions only, and acc and ppl are the masked-token accuracy and perplexity. The masks are drawn from seed=, so the same seed gives the same run; val= and eval M on D task=mlm use one fixed masking, the same every time. Texts are cut to maxlen= tokens. model clf = encoder M | pool cls | dense out=2 then builds a classifier on the pretrained layers (all but the last)."
    ) { context, parsed, out in try context.train(parsed, out) },
    Command(
      "eval", category: "Training", abstract: "Loss, accuracy, per-class precision/recall/F1 and a confusion matrix",
      arguments: [.value("MODEL", .object(.model)), .keyword("on"), .value("DATASET", .object(.dataset))],
      options: [
        OptionSpec(
          "maxlen", .int(min: 1), help: "truncate examples to this many tokens (default: the model's training maxlen)"),
        OptionSpec(
          "task", .choice(["classify", "lm", "mlm"]),
          help: "what to score (default: classify for a vector output, else the task the model was trained with)"),
        OptionSpec(
          "mask_p", .float(positive: true), default: "0.15",
          help: "task=mlm: the share of positions masked (one fixed masking, so the figure replays)"),
      ],
      example: "eval clf on movies.test"
    ) { context, parsed, out in try context.evaluate(parsed, out) },
    Command(
      "predict", category: "Training", abstract: "Classify a text, or show examples of a dataset with mistakes first",
      arguments: [
        .value("MODEL", .object(.model)),
        .alternatives([[.keyword("on"), .value("DATASET", .object(.dataset))], [.value("TEXT", .text)]]),
      ],
      options: [OptionSpec("n", .int(min: 1), default: "5", help: "examples to show")],
      example: "predict clf \"a wonderful, moving film\""
    ) { context, parsed, out in try context.predict(parsed, out) },
    Command(
      "compare", category: "Training", abstract: "Evaluate several models on one dataset in one table",
      arguments: [.oneOrMore("MODELS", .object(.model)), .keyword("on"), .value("DATASET", .object(.dataset))],
      example: "compare scratch transferred on products.test"
    ) { context, parsed, out in try context.compare(parsed, out) },
    Command(
      "history", category: "Training", abstract: "Per-epoch training history of a model",
      arguments: [.value("MODEL", .object(.model))], example: "history clf"
    ) { context, parsed, out in try context.history(parsed, out) },
    Command(
      "plot", category: "Training", abstract: "Draw training curves in the terminal, or to an SVG file",
      arguments: [.oneOrMore("MODELS", .object(.model)), .optional([.keyword("to"), .value("FILE", .path)])],
      options: [
        OptionSpec("metric", .choice(["loss", "accuracy"]), default: "loss", help: "which curve"),
        OptionSpec(
          "per", .choice(["epoch", "step"]), default: "epoch",
          help: "a point per epoch, or the training loss per step (at most 1000 points a run)"),
      ],
      example: "plot clf metric=accuracy",
      discussion:
        "History a copy inherited from another plotted model is drawn once, with that model; a run on another dataset or task starts a new curve whose legend names it."
    ) { context, parsed, out in try context.plot(parsed, out) },
    Command(
      "generate", category: "Training", abstract: "Sample text from a language model",
      arguments: [.value("MODEL", .object(.model)), .value("PROMPT", .text)],
      options: [
        OptionSpec("n", .int(min: 1), default: "20", help: "tokens to generate"),
        OptionSpec("temperature", .float(positive: true), default: "0.8", help: "sampling temperature"),
        OptionSpec("seed", .int(min: 0), default: "1", help: "random seed"),
      ],
      example: "generate lm \"the movie was\" n=20 temperature=0.8 seed=1"
    ) { context, parsed, out in try context.generate(parsed, out) },
    Command(
      "curve", category: "Training",
      abstract: "Learning curves: train copies of several models on growing label counts with several seeds",
      arguments: [
        .value("ARMS", .text), .keyword("on"), .value("DATASET", .object(.dataset)),
        .optional([.keyword("to"), .value("FILE", .path)]),
      ],
      options: [
        OptionSpec("test", .string, required: true, help: "the dataset every run is scored on"),
        OptionSpec("sizes", .list, required: true, help: "label counts, increasing (e.g. 50,100,200)"),
        OptionSpec("seeds", .int(min: 1), default: "3", help: "runs per cell (at least 2: a paired t-test over seeds)"),
        OptionSpec("baseline", .string, help: "the arm the others are tested against (default: the first)"),
        OptionSpec("threads", .int(min: 1), default: "2", help: "jobs run side by side (each on one thread)"),
      ] + curveRecipeOptions,
      example: "curve scratch,glove on amazon.train test=amazon.test sizes=50,100,200 seeds=3 epochs=4",
      discussion:
        "ARMS are classifiers (comma-separated) whose current weights are the starting points: an untrained model is the from-scratch arm, one that received vectors or a pretrained encoder a transfer arm. For each size and seed, a stratified sample of that many examples is drawn from DATASET with that seed (the same sample for every arm), a copy of each arm is trained on it with the options and that seed, and scored on test=. The arms themselves do not change. Cells show mean ± sd over the seeds; + or - marks an arm significantly above or below the baseline (paired t-test over seeds, p < 0.05, the rule compare also uses). Jobs run on threads= threads with the same results as one. Ctrl-C stops at the next job and changes nothing. `to FILE.svg` also draws the curves with ±sd bars."
    ) { context, parsed, out in try context.curve(parsed, out) },
  ]
}

extension CommandContext {
  /// `train MODEL on DATASET [val=DATASET] …`: runs a `Trainer`, printing one line per epoch.
  func train(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let (name, model, dataName, data) = try modelAndDataset(parsed)
    let validationName = parsed.options.has("val") ? parsed.options.string("val") : nil
    let validation = try validationName.map { try dataset($0) }
    var settings = try CommandContext.trainingSettings(parsed.options)
    if ULMFiTDefaults.applies(to: model, task: settings.task) {
      let applied = ULMFiTDefaults.apply(to: &settings, given: parsed.options)
      if !applied.isEmpty {
        out.line(
          "ULMFiT defaults for a classifier on \(model.encoderSource ?? "")'s encoder: \(applied.joined(separator: " "))"
        )
      }
    }
    try requireMemory(
      MemoryEstimate.trainingStep(model, data, settings),
      for: "train \(name) batch=\(settings.batchSize) "
        + (settings.task == .lm ? "bptt=\(settings.bptt)" : "maxlen=\(settings.maxlen)"),
      advice: "use a smaller batch= or \(settings.task == .lm ? "bptt=" : "maxlen=")")
    let printer = TrainingPrinter(
      out: out, languageModel: settings.task.perToken, gradual: settings.gradualUnfreezing,
      learningRate: parsed.options.raw("lr"))
    let recorder = HistoryRecorder(model: model, dataset: dataName)
    let trainer = Trainer(model: model, name: name, settings: settings, cancellation: cancellation) {
      printer.handle($0)
      recorder.handle($0)
    }
    keepOnFailure(model)  // a run stopped part way keeps its weights
    try reportingTrainingErrors {
      let stop = try trainer.run(
        train: data, trainName: dataName, validation: validation, validationName: validationName)
      try printer.finish(stop)
    }
  }

  /// The `MODEL` and `DATASET` arguments of a command, resolved.
  func modelAndDataset(_ parsed: ParsedCommand) throws -> (String, TextModel, String, Dataset) {
    let name = parsed.argument("MODEL") ?? ""
    let model = try self.model(name)
    let dataName = parsed.argument("DATASET") ?? ""
    return (name, model, dataName, try dataset(dataName))
  }

  /// The settings of `train` (or `curve`, which declares only some of its options; the others keep
  /// `TrainingSettings`' own values) from its validated options, plus the bounds the option specs
  /// cannot express.
  static func trainingSettings(_ o: Options) throws -> TrainingSettings {
    var s = TrainingSettings()
    s.epochs = try o.value("epochs", as: Int.self)
    s.batchSize = try o.value("batch", as: Int.self)
    s.learningRate = try o.value("lr", as: Double.self)
    let betas = try CommandContext.betas(o.raw("betas"))
    s.optimizer = OptimizerSettings(
      kind: try o.choice("opt", as: OptimizerKind.self), momentum: try o.value("momentum", as: Double.self),
      weightDecay: try o.value("wd", as: Double.self), beta1: betas.0, beta2: betas.1)
    s.clip = try o.value("clip", as: Double.self)
    s.patience = try o.declared("patience", as: Int.self) ?? s.patience
    s.schedule = try o.choice("schedule", as: Schedule.self)
    s.gradualUnfreezing = o.string("unfreeze") == "gradual"
    s.learningRateDecay = try o.value("lr_decay", as: Double.self)
    if o.declares("task") { s.task = try o.choice("task", as: TrainingTask.self) }
    s.bptt = try o.declared("bptt", as: Int.self) ?? s.bptt
    s.streams = try o.declared("streams", as: Bool.self) ?? s.streams
    s.maxlen = try o.value("maxlen", as: Int.self)
    if s.task == .lm && o.has("maxlen") { s.documentLimit = s.maxlen }
    s.maskProbability = try o.value("mask_p", as: Double.self)
    s.seed = try o.declared("seed", as: Int.self).map(UInt64.init) ?? s.seed
    s.threads = try o.declared("threads", as: Int.self) ?? s.threads
    if s.optimizer.weightDecay < 0 { throw ReplError("option 'wd=' expects a number ≥ 0, got '\(o.raw("wd") ?? "")'") }
    if s.optimizer.momentum < 0 || s.optimizer.momentum >= 1 {
      throw ReplError("option 'momentum=' expects a number in [0, 1), got '\(o.raw("momentum") ?? "")'")
    }
    try CommandContext.checkMaskProbability(o)
    if s.clip < 0 { throw ReplError("option 'clip=' expects a number ≥ 0 (0: off), got '\(o.raw("clip") ?? "")'") }
    return s
  }

  /// `mask_p=` must lie in (0, 1].
  static func checkMaskProbability(_ o: Options) throws {
    guard let p = o.double("mask_p"), !(p > 0 && p <= 1) else { return }
    throw ReplError("option 'mask_p=' expects a number in (0, 1] (BERT: 0.15), got '\(o.raw("mask_p") ?? "")'")
  }

  /// Adam's `betas=b1,b2` (PyTorch's 0.9,0.999 when not given); each must lie in [0, 1).
  static func betas(_ raw: String?) throws -> (Double, Double) {
    guard let raw else { return (0.9, 0.999) }
    let parts = raw.split(separator: ",", omittingEmptySubsequences: false).map { Double(String($0)) }
    guard parts.count == 2, let b1 = parts[0], let b2 = parts[1], (0..<1).contains(b1), (0..<1).contains(b2) else {
      throw ReplError("option 'betas=' expects two numbers in [0, 1) as b1,b2 (e.g. betas=0.7,0.99), got '\(raw)'")
    }
    return (b1, b2)
  }

  /// `generate LM "prompt" n= temperature= seed=`: the prompt followed by the sampled tokens.
  func generate(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("MODEL") ?? ""
    let model = try self.model(name)
    let prompt = parsed.argument("PROMPT") ?? ""
    let n = try parsed.options.value("n", as: Int.self)
    try requireMemory(
      MemoryBudget.product(n, MemoryEstimate.bytesPerGeneratedToken), for: "generate \(name) n=\(n)",
      advice: "use a smaller n=")
    try reportingTrainingErrors {
      let tokens = try Generator.generate(
        model, name: name, prompt: prompt, count: n,
        temperature: try parsed.options.value("temperature", as: Double.self),
        seed: UInt64(try parsed.options.value("seed", as: Int.self)),
        cancellation: cancellation)
      let promptTokens = model.vocabulary.map { Tokenizer(settings: $0.settings).tokenize(prompt) } ?? []
      let consequence = "the generated text does not continue it"
      if let warning = CommandContext.unknownInputWarning(
        prompt, model, name: name, what: "prompt", consequence: consequence)
      {
        out.warning(warning)
      }
      out.line((promptTokens + tokens).joined(separator: " "))
    }
  }
}

/// Writes `text` to `path` atomically (`AtomicFile.write`).
func writeFileAtomically(_ text: String, to path: String) throws {
  do {
    try AtomicFile.write(text, to: path)
  } catch {
    throw ReplError("cannot write '\(path)': \(error.reason)")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
