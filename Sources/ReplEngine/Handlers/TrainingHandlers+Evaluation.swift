import CommandLanguage
import Metrics
import TextData
import TextFormatting
import Training
import Transfer

extension CommandContext {
  /// `eval MODEL on DATASET`: a classifier's loss, accuracy, per-class scores and confusion matrix,
  /// or a language model's loss, perplexity and next-token accuracy.
  func evaluate(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let (name, model, dataName, data) = try modelAndDataset(parsed)
    if let warning = CommandContext.coverageWarning(model, name: name, data, dataName: dataName) {
      out.warning(warning)
    }
    try CommandContext.checkMaskProbability(parsed.options)
    try reportingTrainingErrors {
      switch CommandContext.evaluationTask(parsed, model) {
      case .lm:
        let recorded = model.trainingSettings
        let score = try Evaluator.languageModel(
          model, name: name, on: data, datasetName: dataName, bptt: Int(recorded["bptt"] ?? "") ?? 64,
          batchSize: Int(recorded["batch"] ?? "") ?? 32, streams: recorded["streams"] != "no")
        out.line(
          "\(name) on \(dataName): \(score.tokens) tokens  loss \(decimal(score.loss))  perplexity \(decimal(score.perplexity, 1))  accuracy \(decimal(score.accuracy))"
        )
        return
      case .mlm:
        let score = try Evaluator.maskedLanguageModel(
          model, name: name, on: data, datasetName: dataName,
          maskProbability: try parsed.options.value("mask_p", as: Double.self),
          maxlen: parsed.options.int("maxlen") ?? CommandContext.maxlen(model),
          batchSize: Int(model.trainingSettings["batch"] ?? "") ?? 32)
        out.line(
          "\(name) on \(dataName): \(score.tokens) masked tokens  loss \(decimal(score.loss))  perplexity \(decimal(score.perplexity, 1))  masked accuracy \(decimal(score.accuracy))"
        )
        return
      case .classify: break
      }
      let result = try Evaluator.evaluate(
        model, name: name, on: data, datasetName: dataName,
        maxlen: parsed.options.int("maxlen") ?? CommandContext.maxlen(model))
      let e = result.evaluation
      out.line("\(name) on \(dataName): \(e.count) examples  \(e.summary)")
      printTable(e.scoreTable, out)
      out.line("confusion matrix (rows: true label, columns: predicted label):")
      printTable(e.confusionTable, out)
    }
  }

  /// What `eval` scores: `task=` when given, else a classifier for a vector output, else the task
  /// the model was last trained with (a next-token language model when it was never trained).
  static func evaluationTask(_ parsed: ParsedCommand, _ model: TextModel) -> TrainingTask {
    if let given = parsed.options.string("task").flatMap(TrainingTask.init(rawValue:)) { return given }
    guard case .sequence = model.network.outputShape else { return .classify }
    return model.trainingSettings["task"] == "mlm" ? .mlm : .lm
  }

  /// `predict MODEL "text"` (label and probabilities) or `predict MODEL on DATASET n=5` (examples,
  /// mistakes first: the most confident mistakes, then correct examples in dataset order).
  func predict(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("MODEL") ?? ""
    let model = try self.model(name)
    try reportingTrainingErrors {
      guard let dataName = parsed.argument("DATASET") else {
        let text = parsed.argument("TEXT") ?? ""
        let p = try Evaluator.probabilities(model, name: name, text: text, maxlen: CommandContext.maxlen(model))
        let consequence = "the prediction says nothing about this text"
        if let warning = CommandContext.unknownInputWarning(
          text, model, name: name, what: "text", consequence: consequence)
        {
          out.warning(warning)
        }
        let best = p.indices.max { p[$0] < p[$1] } ?? 0
        let all = zip(model.labelNames, p).map { "\($0) \(decimal($1))" }.joined(separator: "  ")
        out.line("\(model.labelNames[best])  (\(all))")
        return
      }
      let data = try dataset(dataName)
      if let warning = CommandContext.coverageWarning(model, name: name, data, dataName: dataName) {
        out.warning(warning)
      }
      let predictions = try Evaluator.evaluate(
        model, name: name, on: data, datasetName: dataName, maxlen: CommandContext.maxlen(model)
      ).predictions
      let mistakes = predictions.filter { $0.actual != $0.predicted }
        .sorted { ($0.probabilities[$0.predicted], $1.index) > ($1.probabilities[$1.predicted], $0.index) }
      let shown = Array(
        (mistakes + predictions.filter { $0.actual == $0.predicted }).prefix(
          try parsed.options.value("n", as: Int.self)))
      var table = ScoreTable(header: ["example", "true", "predicted", "p", "result"])
      for p in shown {
        table.rows.append([
          "\(p.index + 1)", model.labelNames[p.actual], model.labelNames[p.predicted],
          decimal(p.probabilities[p.predicted]), p.actual == p.predicted ? "ok" : "wrong",
        ])
      }
      // The text gets what the other columns leave of the width (one line per example).
      let used = table.header.indices.map { c in table.rows.map { $0[c].count }.max() ?? 0 }
        .enumerated().map { max($1, table.header[$0].count) + 2 }.reduce(0, +)
      let limit = out.json ? Int.max : max(20, min(60, out.width - used))
      table.header.append("text")
      for (i, p) in shown.enumerated() {
        table.rows[i].append(CommandContext.excerpt(data.examples[p.index].text, limit))
      }
      printTable(table, out)
      out.line("\(mistakes.count) mistakes in \(predictions.count) examples")
    }
  }

  /// `compare A B … on DATASET`: one row per model, the best value of each column marked `*`; under
  /// the table, each model against the first by McNemar's test on the paired predictions, and the
  /// negative-transfer notes (both under the one rule of `Significance`).
  func compare(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let names = parsed.arguments["MODELS"] ?? []
    let dataName = parsed.argument("DATASET") ?? ""
    let data = try dataset(dataName)
    let models = try names.map { try model($0) }
    try reportingTrainingErrors {
      let results = try zip(names, models).map { name, model in
        try Evaluator.evaluate(model, name: name, on: data, datasetName: dataName, maxlen: CommandContext.maxlen(model))
      }
      for (name, model) in zip(names, models) {
        if let warning = CommandContext.coverageWarning(model, name: name, data, dataName: dataName) {
          out.warning(warning)
        }
      }
      let compared = zip(names, zip(models, results)).map { name, pair in
        ComparedModel(
          name: name, model: pair.0, accuracy: pair.1.evaluation.accuracy,
          correct: pair.1.predictions.map { $0.actual == $0.predicted })
      }
      let rows = zip(names, results).map { ComparisonRow(model: $0, evaluation: $1.evaluation) }
      out.line("on \(dataName) (\(data.count) examples; * marks the best value in each column)")
      printTable(Comparison.table(rows), out)
      for note in comparisonNotes(compared) { out.line(TextTable.fitting(note, width: out.width)) }
    }
  }

  /// Lines printed under the `compare` table: each model against the first (McNemar), then the
  /// negative-transfer notes.
  func comparisonNotes(_ compared: [ComparedModel]) -> [String] {
    guard let first = compared.first else { return [] }
    let pairs = compared.dropFirst().map { m in
      Significance.comparisonLine(
        m.name, against: first.name, difference: m.accuracy - first.accuracy,
        p: Significance.mcNemar(m.correct, first.correct))
    }
    return pairs + negativeTransferNotes(compared)
  }

  /// `history MODEL`: one row per recorded epoch, over all training runs; `epoch` counts within
  /// its `run` (as `train` prints it), `note` says what else happened in the epoch.
  func history(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("MODEL") ?? ""
    let model = try self.model(name)
    guard !model.history.isEmpty else {
      out.line("model '\(name)' has no training history yet (train it first)")
      return
    }
    let lm = model.history.contains { $0.languageModel }
    var table = ScoreTable(
      header: ["run", "epoch", "loss"] + (lm ? ["ppl"] : []) + ["acc", "val_loss"] + (lm ? ["val_ppl"] : [])
        + ["val_acc", "lr", "note"])
    for (index, r) in model.history.enumerated() {
      let runEpoch = r.runEpoch ?? model.history[...index].reversed().prefix { $0.run == r.run }.count
      var row = ["\(r.run)", "\(runEpoch)", decimal(r.trainLoss)]
      if lm { row.append(decimal(r.trainPerplexity, 1)) }
      row += [decimal(r.trainAccuracy), r.validationLoss.map { decimal($0) } ?? ""]
      if lm { row.append(r.validationPerplexity.map { decimal($0, 1) } ?? "") }
      row.append(r.validationAccuracy.map { decimal($0) } ?? "")
      row.append(r.learningRate.map(scientific) ?? "")
      row.append(CommandContext.historyNote(r))
      table.rows.append(row)
    }
    printTable(table, out)
  }

  /// The `note` of a history row: trainable layers under gradual unfreezing, a partial epoch's
  /// steps and cause, and whether its weights were restored as the best.
  static func historyNote(_ r: EpochRecord) -> String {
    var notes: [String] = []
    if let layers = r.trainableLayers { notes.append("trainable: " + layers.joined(separator: ", ")) }
    if r.partial {
      let steps = r.stepsDone.map { done in " \(done)/\(r.stepsPlanned.map(String.init) ?? "?") steps" } ?? ""
      notes.append("partial" + steps + (r.cutShort.map { " (\($0.rawValue))" } ?? ""))
    }
    if r.restored { notes.append("restored (best val_loss)") }
    return notes.joined(separator: "; ")
  }

  /// `plot A B … [metric=loss|accuracy] [per=epoch|step] [to FILE.svg]`: curves in the terminal, or
  /// an SVG file. History a model inherited by `copy` from another plotted model is drawn once (with
  /// that model); a change of dataset or task between runs starts a new curve named after it.
  func plot(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let names = parsed.arguments["MODELS"] ?? []
    let models = try names.map { try model($0) }
    let metric = try parsed.options.value("metric", as: String.self)
    let perStep = parsed.options.string("per") == "step"
    if perStep && metric != "loss" {
      throw ReplError("per=step draws the training loss only; use metric=loss, or per=epoch for \(metric)")
    }
    var series: [PlotSeries] = []
    for (group, (name, model)) in zip(names, models).enumerated() {
      let drawn = model.history.filter { r in r.inheritedFrom.map { $0 == name || !names.contains($0) } ?? true }
      series += CommandContext.curves(name, drawn, metric: metric, group: group, perStep: perStep)
    }
    if series.isEmpty {
      throw ReplError(
        "nothing to plot: \(names.joined(separator: ", ")) \(names.count == 1 ? "has" : "have") no training history")
    }
    guard let file = parsed.argument("FILE") else {
      for line in TerminalPlot.render(series, yLabel: metric) { out.line(line) }
      return
    }
    if !file.hasSuffix(".svg") { throw ReplError("plot writes SVG: name the file FILE.svg, got '\(file)'") }
    let title = "\(metric): \(names.joined(separator: ", "))"
    try writeFileAtomically(SVGPlot.render(series, title: title, yLabel: metric), to: resolvePath(file))
    out.line("wrote \(file) (\(series.count) curves)")
  }

  /// The training and validation curves of `metric` over `history`, one colour group per model.
  /// Epochs with another dataset, task or origin (inherited by `copy`) than the previous ones start
  /// a new curve whose legend names them; a single stretch keeps the plain `NAME train` legend.
  static func curves(
    _ name: String, _ history: [EpochRecord], metric: String, group: Int, perStep: Bool = false
  ) -> [PlotSeries] {
    let stretches = stretchesOf(history)
    let tasksDiffer = Set(history.map(\.languageModel)).count > 1
    var out: [PlotSeries] = []
    for stretch in stretches {
      let first = stretch[stretch.startIndex]
      var parts: [String] = []
      if stretches.count > 1 { parts.append(first.dataset ?? "unknown data") }
      if tasksDiffer { parts.append(first.languageModel ? "lm" : "classify") }
      if let source = first.inheritedFrom, source != name { parts.append("inherited from \(source)") }
      let suffix = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
      let train =
        perStep
        ? stepPoints(stretch)
        : stretch.map { (x: Double($0.epoch), y: metric == "loss" ? $0.trainLoss : $0.trainAccuracy) }
      let val =
        perStep
        ? []
        : stretch.compactMap { r in
          (metric == "loss" ? r.validationLoss : r.validationAccuracy).map { (x: Double(r.epoch), y: $0) }
        }
      if !train.isEmpty { out.append(PlotSeries(name: "\(name) train\(suffix)", points: train, group: group)) }
      if !val.isEmpty { out.append(PlotSeries(name: "\(name) val\(suffix)", points: val, group: group, dashed: true)) }
    }
    return out
  }

  /// `history` cut where the dataset, the task or the model it was inherited from changes.
  static func stretchesOf(_ history: [EpochRecord]) -> [ArraySlice<EpochRecord>] {
    var stretches: [ArraySlice<EpochRecord>] = []
    var start = history.startIndex
    for i in history.indices.dropFirst() {
      let (a, b) = (history[i - 1], history[i])
      if a.dataset != b.dataset || a.languageModel != b.languageModel || a.inheritedFrom != b.inheritedFrom {
        stretches.append(history[start..<i])
        start = i
      }
    }
    if start < history.endIndex { stretches.append(history[start...]) }
    return stretches
  }

  /// Per-step training loss, x in epochs (step s of epoch e at e - 1 + s/steps); an epoch recorded
  /// without step losses (an older checkpoint) gives its epoch mean.
  static func stepPoints(_ records: ArraySlice<EpochRecord>) -> [(x: Double, y: Double)] {
    records.flatMap { r -> [(x: Double, y: Double)] in
      guard let losses = r.stepLosses, !losses.isEmpty else { return [(x: Double(r.epoch), y: r.trainLoss)] }
      let perPoint = r.stepsPerPoint ?? 1
      let steps = Double(r.stepsDone ?? losses.count * perPoint)
      return losses.enumerated().map { i, loss in
        (x: Double(r.epoch - 1) + min(Double((i + 1) * perPoint), steps) / steps, y: loss)
      }
    }
  }

  /// The truncation length a model was trained with (`maxlen=` of its last `train`), else 256.
  static func maxlen(_ model: TextModel) -> Int { Int(model.trainingSettings["maxlen"] ?? "") ?? 256 }

  /// Runs `body`, turning a `TrainingError` into the one-line `ReplError`.
  func reportingTrainingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as TrainingError { throw ReplError(error.message) }
  }

  /// The first `limit` characters of `text` on one line, with `…` when cut.
  static func excerpt(_ text: String, _ limit: Int) -> String {
    let flat = text.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
  }
}
