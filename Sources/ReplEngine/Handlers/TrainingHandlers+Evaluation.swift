import CommandLanguage
import Metrics
import TextData
import Training

extension Session {
  /// `eval MODEL on DATASET`: a classifier's loss, accuracy, per-class scores and confusion matrix,
  /// or a language model's loss, perplexity and next-token accuracy.
  func evaluate(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let (name, model, dataName, data) = try modelAndDataset(parsed)
    try reportingTrainingErrors {
      if case .sequence = model.network.outputShape {
        let score = try Evaluator.languageModel(
          model, name: name, on: data, datasetName: dataName, bptt: Int(model.trainingSettings["bptt"] ?? "") ?? 64)
        out.line(
          "\(name) on \(dataName): \(score.tokens) tokens  loss \(decimal(score.loss))  perplexity \(decimal(score.perplexity, 1))  accuracy \(decimal(score.accuracy))"
        )
        return
      }
      let result = try Evaluator.evaluate(
        model, name: name, on: data, datasetName: dataName,
        maxlen: parsed.options.int("maxlen") ?? Session.maxlen(model))
      let e = result.evaluation
      out.line("\(name) on \(dataName): \(e.count) examples  \(e.summary)")
      printTable(e.scoreTable, out)
      out.line("confusion matrix (rows: true label, columns: predicted label):")
      printTable(e.confusionTable, out)
    }
  }

  /// `predict MODEL "text"` (label and probabilities) or `predict MODEL on DATASET n=5` (examples,
  /// mistakes first: the most confident mistakes, then correct examples in dataset order).
  func predict(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("MODEL") ?? ""
    let model = try self.model(name)
    try reportingTrainingErrors {
      guard let dataName = parsed.argument("DATASET") else {
        let p = try Evaluator.probabilities(
          model, name: name, text: parsed.argument("TEXT") ?? "", maxlen: Session.maxlen(model))
        let best = p.indices.max { p[$0] < p[$1] } ?? 0
        let all = zip(model.labelNames, p).map { "\($0) \(decimal($1))" }.joined(separator: "  ")
        out.line("\(model.labelNames[best])  (\(all))")
        return
      }
      let data = try dataset(dataName)
      let predictions = try Evaluator.evaluate(
        model, name: name, on: data, datasetName: dataName, maxlen: Session.maxlen(model)
      ).predictions
      let mistakes = predictions.filter { $0.actual != $0.predicted }
        .sorted { ($0.probabilities[$0.predicted], $1.index) > ($1.probabilities[$1.predicted], $0.index) }
      let shown = Array(
        (mistakes + predictions.filter { $0.actual == $0.predicted }).prefix(parsed.options.int("n") ?? 5))
      var table = ScoreTable(header: ["example", "true", "predicted", "p", "result", "text"])
      for p in shown {
        table.rows.append([
          "\(p.index + 1)", model.labelNames[p.actual], model.labelNames[p.predicted],
          decimal(p.probabilities[p.predicted]), p.actual == p.predicted ? "ok" : "wrong",
          Session.excerpt(data.examples[p.index].text, 60),
        ])
      }
      printTable(table, out)
      out.line("\(mistakes.count) mistakes in \(predictions.count) examples")
    }
  }

  /// `compare A B … on DATASET`: one row per model, the best value of each column marked `*`.
  func compare(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let names = parsed.arguments["MODELS"] ?? []
    let dataName = parsed.argument("DATASET") ?? ""
    let data = try dataset(dataName)
    let models = try names.map { try model($0) }
    try reportingTrainingErrors {
      let evaluations = try zip(names, models).map { name, model in
        try Evaluator.evaluate(model, name: name, on: data, datasetName: dataName, maxlen: Session.maxlen(model))
          .evaluation
      }
      let notes = comparisonNotes(names: names, models: models, evaluations: evaluations)
      let rows = names.indices.map { ComparisonRow(model: names[$0], evaluation: evaluations[$0], note: notes[$0]) }
      out.line("on \(dataName) (\(data.count) examples; * marks the best value in each column)")
      printTable(Comparison.table(rows), out)
    }
  }

  /// The `note` column of `compare`, one entry per model (empty for none).
  ///
  /// Hook for the transfer area: flag negative transfer here (a transferred model scoring below
  /// its from-scratch twin on the same data).
  func comparisonNotes(names: [String], models: [TextModel], evaluations: [Evaluation]) -> [String] {
    names.map { _ in "" }
  }

  /// `history MODEL`: one row per recorded epoch, over all training runs.
  func history(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let name = parsed.argument("MODEL") ?? ""
    let model = try self.model(name)
    guard !model.history.isEmpty else {
      out.line("model '\(name)' has no training history yet (train it first)")
      return
    }
    let lm = model.history.contains { $0.languageModel }
    var table = ScoreTable(
      header: ["epoch", "run", "loss"] + (lm ? ["ppl"] : []) + ["acc", "val_loss"] + (lm ? ["val_ppl"] : [])
        + ["val_acc", "lr", "note"])
    for r in model.history {
      var row = ["\(r.epoch)", "\(r.run)", decimal(r.trainLoss)]
      if lm { row.append(decimal(r.trainPerplexity, 1)) }
      row += [decimal(r.trainAccuracy), r.validationLoss.map { decimal($0) } ?? ""]
      if lm { row.append(r.validationPerplexity.map { decimal($0, 1) } ?? "") }
      row.append(r.validationAccuracy.map { decimal($0) } ?? "")
      row.append(r.learningRate.map(scientific) ?? "")
      row.append(r.partial ? "partial" : "")
      table.rows.append(row)
    }
    printTable(table, out)
  }

  /// `plot A B … [metric=loss|accuracy] [to FILE.svg]`: curves in the terminal, or an SVG file.
  func plot(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let names = parsed.arguments["MODELS"] ?? []
    let models = try names.map { try model($0) }
    let metric = parsed.options.string("metric") ?? "loss"
    var series: [PlotSeries] = []
    for (group, (name, model)) in zip(names, models).enumerated() {
      series += Session.curves(name, model, metric: metric, group: group)
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

  /// A model's training and validation curves of `metric`, one colour group per model.
  static func curves(_ name: String, _ model: TextModel, metric: String, group: Int) -> [PlotSeries] {
    let h = model.history
    let train = h.map { (x: Double($0.epoch), y: metric == "loss" ? $0.trainLoss : $0.trainAccuracy) }
    let val = h.compactMap { r in
      (metric == "loss" ? r.validationLoss : r.validationAccuracy).map { (x: Double(r.epoch), y: $0) }
    }
    var out: [PlotSeries] = []
    if !train.isEmpty { out.append(PlotSeries(name: "\(name) train", points: train, group: group)) }
    if !val.isEmpty { out.append(PlotSeries(name: "\(name) val", points: val, group: group, dashed: true)) }
    return out
  }

  /// Prints a metrics table through the session's table printer (so `format json` applies).
  func printTable(_ table: ScoreTable, _ out: CommandOutput) {
    printTable(table.header, table.rows, out)
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
