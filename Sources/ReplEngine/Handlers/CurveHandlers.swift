import CommandLanguage
import Metrics
import Schema
import TensorCore
import TextData
import Training

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

extension CommandContext {
  /// `curve ARM1,ARM2 on TRAIN test=TEST sizes=50,100 [seeds=3] [baseline=ARM] [to FILE.svg] [recipe]`:
  /// trains copies of each arm on stratified samples of each size with each seed (the arms are not
  /// changed), then prints mean ± sd per cell with significance markers, the p-values, and a plot.
  func curve(_ parsed: ParsedCommand, _ out: CommandOutput) throws {
    let request = try curveRequest(parsed)
    var settings = try CommandContext.trainingSettings(parsed.options)
    settings.threads = 1
    for arm in request.curve.arms {
      try requireMemory(
        MemoryBudget.product(
          MemoryEstimate.trainingStep(arm.model, request.curve.train.data, settings), request.threads),
        for: "curve \(arm.name) threads=\(request.threads)", advice: "use fewer threads= or a smaller batch=")
    }
    var curve = request.curve
    curve.settings = settings
    curve.armSettings = ulmfitArmSettings(curve.arms, settings, parsed.options, out)
    try reportingTrainingErrors {
      try curve.check()
      let accuracies = try curve.run(threads: request.threads, cancellation: cancellation) { job in
        CommandContext.reportCurveJob(job, out)
      }
      let scores = CurveScores(
        arms: curve.arms.map(\.name), sizes: curve.sizes, seeds: curve.seeds, accuracies: accuracies,
        baseline: request.baseline)
      try printCurve(scores, request, out)
    }
  }

  /// The recipe of each arm that is a classifier on a recurrent language model's encoder: `settings`
  /// with ULMFiT's defaults for the options not given (said once per arm).
  private func ulmfitArmSettings(
    _ arms: [(name: String, model: TextModel)], _ settings: TrainingSettings, _ options: Options,
    _ out: CommandOutput
  ) -> [String: TrainingSettings] {
    var result: [String: TrainingSettings] = [:]
    for (name, model) in arms where ULMFiTDefaults.applies(to: model, task: settings.task) {
      var own = settings
      let applied = ULMFiTDefaults.apply(to: &own, given: options)
      guard !applied.isEmpty else { continue }
      result[name] = own
      out.line(
        "\(name): ULMFiT defaults (on \(model.encoderSource ?? "")'s encoder): \(applied.joined(separator: " "))")
    }
    return result
  }

  /// One line per finished job (a redrawn progress line too, at a terminal).
  static func reportCurveJob(_ job: LearningCurve.Job, _ out: CommandOutput) {
    let counter = "job \(job.index + 1)/\(job.count)"
    out.line("\(counter): \(job.arm) n=\(job.size) seed=\(job.seed)  accuracy \(decimal(job.accuracy))")
    if out.showsProgress { out.progress("curve: \(counter) done") }
  }

  /// The grid, the p-values, the terminal plot and (with `to FILE.svg`) the SVG.
  private func printCurve(_ scores: CurveScores, _ request: CurveRequest, _ out: CommandOutput) throws {
    if out.json { return printTable(scores.records, out) }
    let baseline = scores.arms[scores.baseline]
    let markers = scores.arms.count > 1 ? " (+/-: vs '\(baseline)', p < 0.05)" : ""
    out.line(
      "accuracy on \(request.curve.test.name), mean ± sd of \(scores.seeds.count) seeds\(markers)".fittingWidth(
        out.width))
    printTable(scores.grid, out)
    if scores.arms.count > 1 {
      out.line("p-values (paired t-test over seeds; significant when p < \(decimal(Significance.alpha, 2))):")
      printTable(scores.pTable, out)
    }
    let axis = PlotAxis(title: "labels", logarithmic: true)
    // A curve needs two label counts; one count is a row of the grid, not a picture.
    if scores.sizes.count > 1 {
      for line in TerminalPlot.render(scores.series, width: min(60, out.width - 12), yLabel: "accuracy", xAxis: axis) {
        out.line(line)
      }
    }
    guard let file = request.file else { return }
    let svg = SVGPlot.render(
      scores.series, title: "accuracy on \(request.curve.test.name) (mean ± sd)", yLabel: "accuracy", xAxis: axis)
    try writeFileAtomically(svg, to: resolvePath(file))
    out.line("wrote \(file) (\(scores.arms.count) curves)")
  }
}

/// A validated `curve` command.
struct CurveRequest {
  var curve: LearningCurve
  var baseline: Int
  var threads: Int
  var file: String?
}

extension CommandContext {
  /// Resolves and checks the arguments and options of `curve`; every problem is a one-line error
  /// that names the option.
  func curveRequest(_ parsed: ParsedCommand) throws -> CurveRequest {
    let o = parsed.options
    let arms = try curveArms(parsed.argument("ARMS") ?? "")
    let trainName = parsed.argument("DATASET") ?? ""
    let train = try dataset(trainName)
    let testName = try o.value("test", as: String.self)  // required: the parser reports it missing
    let test = try dataset(testName)
    let sizes = try CommandContext.curveSizes(o.raw("sizes"))
    let seedCount = try o.value("seeds", as: Int.self)
    if seedCount < 2 {
      throw ReplError("option 'seeds=' needs at least 2 (the paired t-test over seeds), got \(seedCount)")
    }
    let baseline =
      try o.string("baseline").map { name in
        guard let index = arms.firstIndex(where: { $0.name == name }) else {
          throw ReplError(
            "option 'baseline=': '\(name)' is not one of the arms (\(arms.map(\.name).joined(separator: ", ")))\(hint(name, arms.map(\.name)))"
          )
        }
        return index
      } ?? 0
    let file = parsed.argument("FILE")
    if let file, !file.hasSuffix(".svg") { throw ReplError("curve writes SVG: name the file FILE.svg, got '\(file)'") }
    if let file { try requireWritableFolder(of: resolvePath(file), for: file) }
    let curve = LearningCurve(
      arms: arms, train: (trainName, train), test: (testName, test), sizes: sizes, seeds: Array(1...seedCount),
      settings: TrainingSettings())
    return CurveRequest(curve: curve, baseline: baseline, threads: try o.value("threads", as: Int.self), file: file)
  }

  /// The arms of `ARM1,ARM2,…`: distinct models of the context.
  func curveArms(_ text: String) throws -> [(name: String, model: TextModel)] {
    let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let models = objects.keys.filter { if case .model = objects[$0] { true } else { false } }.sorted()
    var arms: [(name: String, model: TextModel)] = []
    for name in names {
      if name.isEmpty { throw ReplError("curve arms: an empty name in '\(text)'; write ARM1,ARM2 without blanks") }
      if arms.contains(where: { $0.name == name }) {
        throw ReplError("curve arms: '\(name)' is listed twice; each arm must be a different model")
      }
      guard case .model(let model)? = objects[name] else {
        throw ReplError("curve arms: '\(name)' is not a model\(hint(name, models))")
      }
      arms.append((name, model))
    }
    return arms
  }

  /// `sizes=50,100,200`: whole numbers ≥ 1, increasing.
  static func curveSizes(_ raw: String?) throws -> [Int] {
    let raw = raw ?? ""  // required: the parser reports it missing
    let sizes = raw.split(separator: ",", omittingEmptySubsequences: false).map { Int(String($0)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
      throw ReplError("option 'sizes=' expects whole numbers ≥ 1 (e.g. sizes=50,100,200), got '\(raw)'")
    }
    let values = sizes.compactMap { $0 }
    guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw ReplError("option 'sizes=' must increase (e.g. sizes=50,100,200), got '\(raw)'")
    }
    return values
  }
}

extension String {
  /// The text fitted to `width` columns (wrapped, continuation lines indented).
  func fittingWidth(_ width: Int) -> String { TextTable.fitting(self, width: width) }
}

extension CommandContext {
  /// Fails before a long run whose result could not be written: `path`'s folder must exist and be
  /// writable.
  func requireWritableFolder(of path: String, for given: String) throws {
    let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    guard access(folder.isEmpty ? "/" : folder, W_OK) == 0 else {
      throw ReplError(
        "cannot write '\(given)': folder '\(folder.isEmpty ? "/" : folder)' does not exist or is not writable")
    }
  }
}
