import CommandLanguage
import Metrics
import Schema
import TensorCore
import TextData
import Training

extension Session {
  /// Handlers for the training commands, by command name.
  static let trainingHandlers: [String: Handler] = [
    "train": { session, parsed, out in try session.train(parsed, out) },
    "eval": { session, parsed, out in try session.evaluate(parsed, out) },
    "predict": { session, parsed, out in try session.predict(parsed, out) },
    "compare": { session, parsed, out in try session.compare(parsed, out) },
    "history": { session, parsed, out in try session.history(parsed, out) },
    "plot": { session, parsed, out in try session.plot(parsed, out) },
    "curve": { session, parsed, out in try session.curve(parsed, out) },
    "generate": { session, parsed, out in try session.generate(parsed, out) },
  ]
}

extension Session {
  /// `train MODEL on DATASET [val=DATASET] …`: runs a `Trainer`, printing one line per epoch.
  func train(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let (name, model, dataName, data) = try modelAndDataset(parsed)
    let validationName = parsed.options.has("val") ? parsed.options.string("val") : nil
    let validation = try validationName.map { try dataset($0) }
    var settings = try Session.trainingSettings(parsed.options)
    if ULMFiTDefaults.applies(to: model, task: settings.task) {
      let applied = ULMFiTDefaults.apply(to: &settings, given: parsed.options)
      if !applied.isEmpty {
        out.line("ULMFiT defaults for a classifier on \(model.encoderSource ?? "")'s encoder: \(applied.joined(separator: " "))")
      }
    }
    try requireMemory(
      MemoryEstimate.trainingStep(model, data, settings), for: "train \(name) batch=\(settings.batchSize) "
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

  /// The settings of `train` from its validated options (bounds the option specs cannot express).
  static func trainingSettings(_ o: Options) throws -> TrainingSettings {
    var s = TrainingSettings()
    s.epochs = o.int("epochs") ?? s.epochs
    s.batchSize = o.int("batch") ?? s.batchSize
    s.learningRate = o.double("lr") ?? s.learningRate
    let betas = try Session.betas(o.raw("betas"))
    s.optimizer = OptimizerSettings(
      kind: OptimizerKind(rawValue: o.string("opt") ?? "adam") ?? .adam, momentum: o.double("momentum") ?? 0.9,
      weightDecay: o.double("wd") ?? 0, beta1: betas.0, beta2: betas.1)
    s.clip = o.double("clip") ?? 0
    s.patience = o.int("patience") ?? 0
    s.schedule = Schedule(rawValue: o.string("schedule") ?? "constant") ?? .constant
    s.gradualUnfreezing = o.string("unfreeze") == "gradual"
    s.learningRateDecay = o.double("lr_decay") ?? 1
    s.task = TrainingTask(rawValue: o.string("task") ?? "classify") ?? .classify
    s.bptt = o.int("bptt") ?? s.bptt
    s.streams = o.bool("streams") ?? s.streams
    s.maxlen = o.int("maxlen") ?? s.maxlen
    if s.task == .lm && o.has("maxlen") { s.documentLimit = s.maxlen }
    s.maskProbability = o.double("mask_p") ?? s.maskProbability
    s.seed = UInt64(o.int("seed") ?? 1)
    s.threads = o.int("threads") ?? 1
    if s.batchSize < 1 { throw ReplError("option 'batch=' expects a whole number ≥ 1, got '\(s.batchSize)'") }
    if !(s.learningRate > 0) { throw ReplError("option 'lr=' expects a number > 0") }
    if s.optimizer.weightDecay < 0 { throw ReplError("option 'wd=' expects a number ≥ 0, got '\(o.raw("wd") ?? "")'") }
    if s.optimizer.momentum < 0 || s.optimizer.momentum >= 1 {
      throw ReplError("option 'momentum=' expects a number in [0, 1), got '\(o.raw("momentum") ?? "")'")
    }
    try Session.checkMaskProbability(o)
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
    let n = parsed.options.int("n") ?? 20
    try requireMemory(
      MemoryBudget.product(n, MemoryEstimate.bytesPerGeneratedToken), for: "generate \(name) n=\(n)",
      advice: "use a smaller n=")
    try reportingTrainingErrors {
      let tokens = try Generator.generate(
        model, name: name, prompt: prompt, count: n,
        temperature: parsed.options.double("temperature") ?? 0.8, seed: UInt64(parsed.options.int("seed") ?? 1),
        cancellation: cancellation)
      let promptTokens = model.vocabulary.map { Tokenizer(settings: $0.settings).tokenize(prompt) } ?? []
      let consequence = "the generated text does not continue it"
      if let warning = Session.unknownInputWarning(prompt, model, name: name, what: "prompt", consequence: consequence) {
        out.warning(warning)
      }
      out.line((promptTokens + tokens).joined(separator: " "))
    }
  }
}

/// Writes `text` to `path` atomically (a temporary file beside it, then a rename).
func writeFileAtomically(_ text: String, to path: String) throws {
  let temporary = path + ".tmp-\(getpid())"
  guard let file = fopen(temporary, "w") else {
    throw ReplError("cannot write '\(path)': \(String(cString: strerror(errno)))")
  }
  let bytes = Array(text.utf8)
  let written = fwrite(bytes, 1, bytes.count, file)
  let closed = fclose(file)
  if written != bytes.count || closed != 0 || rename(temporary, path) != 0 {
    let reason = String(cString: strerror(errno))
    unlink(temporary)
    throw ReplError("cannot write '\(path)': \(reason)")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
