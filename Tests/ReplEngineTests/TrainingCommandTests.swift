import CommandLanguage
import Foundation
import Metrics
import Schema
import Testing
import TextData
import Training

@testable import ReplEngine

/// The training commands' output through `Session.execute`: `compare` alignment and negative
/// transfer, `history` runs and notes, `train task=lm maxlen=`, the stopword warning, and grouped
/// parameter counts in `show MODEL`.
@Suite struct TrainingCommandTests {
  /// "good …" sentences are `pos`, "bad …" sentences `neg`.
  static func sentiment(_ n: Int) -> Dataset {
    let examples = (0..<n).map { i in
      Example(text: i % 2 == 0 ? "good film w\(i % 7)" : "bad film w\(i % 5)", label: i % 2 == 0 ? 1 : 0)
    }
    return Dataset(examples: examples, labelNames: ["neg", "pos"], source: "test")
  }

  /// A session with `data` (40 sentences), a vocabulary `v` and two untrained twins `a` and `b`.
  static func session() throws -> Session {
    let session = Session()
    session.define("data", .dataset(sentiment(40)))
    try run(session, "vocab v from data min_count=1")
    for name in ["a", "b"] { try run(session, "model \(name) = embedding dim=4 | pool mean | dense out=2 vocab=v") }
    return session
  }

  /// Runs `line`, requiring success; returns the output.
  @discardableResult
  static func run(_ session: Session, _ line: String) throws -> String {
    let result = session.execute(line)
    try #require(result.succeeded, "\(line): \(result.output)")
    return result.output
  }

  @Test func compareFlagsNegativeTransferUnderTheTable() throws {
    let session = try Self.session()
    try Self.run(session, "train a on data epochs=8 lr=0.05")
    try Self.run(session, "train b on data epochs=1 lr=0.001")
    let b = try session.model("b")
    let plain = try Self.run(session, "compare b a on data")
    #expect(!plain.contains("negative transfer"))
    b.transferredFrom = "src"
    // The note is wrapped to 80 columns: its continuation lines start with two blanks.
    let output = try Self.run(session, "compare b a on data")
    #expect(output.split(separator: "\n").allSatisfy { $0.count <= 80 })
    let lines = output.replacingOccurrences(of: "\n  ", with: " ").split(separator: "\n").map(String.init)
    let note = try #require(lines.last)
    #expect(note.hasPrefix("negative transfer:") && note.contains("'b'") && note.contains("'src'"))
    #expect(note.contains("'a'"))
    // The better model transferred: no note.
    b.transferredFrom = nil
    try session.model("a").transferredFrom = "src"
    #expect(!(try Self.run(session, "compare a b on data")).contains("negative transfer"))
  }

  @Test func compareTestsEachModelAgainstTheFirstWithMcNemar() throws {
    let session = try Self.session()
    try Self.run(session, "train a on data epochs=8 lr=0.05")
    try Self.run(session, "train b on data epochs=1 lr=0.001")
    try Self.run(session, "model c = copy a")
    let lines = try Self.run(session, "compare b a c on data").split(separator: "\n").map(String.init)
    let a = try session.model("a")
    let b = try session.model("b")
    let c = try session.model("c")
    let results = try [a, b, c].map {
      try Evaluator.evaluate($0, name: "m", on: Self.sentiment(40), datasetName: "data")
    }
    let correct = results.map { $0.predictions.map { $0.actual == $0.predicted } }
    let pA = Significance.mcNemar(correct[0], correct[1])
    let difference = results[0].evaluation.accuracy - results[1].evaluation.accuracy
    #expect(lines.contains(Significance.comparisonLine("a", against: "b", difference: difference, p: pA)))
    #expect(Significance.isSignificant(pA))
    // The copy predicts exactly as `a`: against `b` it differs just as much, and every line fits.
    #expect(lines.contains { $0.hasPrefix("'c' vs 'b': ") && $0.hasSuffix(", significant") })
    #expect(lines.allSatisfy { $0.count <= 80 })
    let same = try Self.run(session, "compare a c on data")
    #expect(same.contains("'c' vs 'a': +0.0 points, p=1.000 (McNemar), not significant"))
  }

  @Test func compareRightAlignsMarkedNumbers() throws {
    let session = try Self.session()
    try Self.run(session, "train a on data epochs=8 lr=0.05")
    try Self.run(session, "train b on data epochs=1 lr=0.001")
    let lines = try Self.run(session, "compare a b on data").split(separator: "\n").map(String.init)
    // header, rule, two rows: every accuracy cell ends at the header's right edge (marker or blank).
    let header = lines[1]
    let end = try #require(header.range(of: "accuracy")).upperBound
    let column = header.distance(from: header.startIndex, to: end)
    for row in lines[3...4] {
      let cell = row.prefix(column).split(separator: " ").last.map(String.init) ?? ""
      #expect(cell.hasSuffix("*") || Double(cell) != nil, "\(row)")
      #expect(row.count >= column)
    }
    #expect(lines[3].prefix(column).hasSuffix("*") != lines[4].prefix(column).hasSuffix("*"))
    // The digits line up: the decimal points are in the same column.
    let points = lines[3...4].map { row in
      row.prefix(column).lastIndex(of: ".").map { row.distance(from: row.startIndex, to: $0) }
    }
    #expect(points[0] != nil && points[0] == points[1])
  }

  @Test func historyShowsRunAndEpochWithinTheRunAndNotes() throws {
    let session = try Self.session()
    session.define("val", .dataset(Self.sentiment(10)))
    try Self.run(session, "train a on data epochs=2 lr=0.01")
    try Self.run(session, "train a on data val=val epochs=2 lr=0.01 unfreeze=gradual")
    let lines = try Self.run(session, "history a").split(separator: "\n").map(String.init)
    #expect(lines[0].hasPrefix("run  epoch"))
    let cells = lines[2...].map { $0.split(separator: " ").map(String.init) }
    #expect(cells.map { Array($0.prefix(2)) } == [["1", "1"], ["1", "2"], ["2", "1"], ["2", "2"]])
    #expect(lines[4].hasSuffix("trainable: dense"))
    #expect(lines[5].hasSuffix("trainable: embedding, dense"))
    #expect(!lines[2].contains("trainable"))
  }

  @Test func historyNotesPartialAndRestoredEpochs() {
    var record = EpochRecord(epoch: 3, trainLoss: 0.5, trainAccuracy: 0.7, partial: true)
    record.stepsDone = 4
    record.stepsPlanned = 10
    record.cutShort = .interrupted
    record.restored = true
    #expect(CommandContext.historyNote(record) == "partial 4/10 steps (interrupted); restored (best val_loss)")
    #expect(CommandContext.historyNote(EpochRecord(epoch: 1, trainLoss: 1, trainAccuracy: 0.5)) == "")
  }

  @Test func languageModelTrainingHonoursMaxlen() throws {
    let session = Session()
    session.define("text", .dataset(Self.sentiment(20)))
    try Self.run(session, "vocab v from text min_count=1")
    for name in ["whole", "cut"] { try Self.run(session, "model \(name) = embedding dim=4 | dense out=12 vocab=v") }
    try Self.run(session, "train whole on text task=lm epochs=1 bptt=8")
    try Self.run(session, "train cut on text task=lm epochs=1 bptt=8 maxlen=1")
    let whole = try session.model("whole")
    let cut = try session.model("cut")
    #expect(whole.trainingSettings["maxlen"] == "none" && cut.trainingSettings["maxlen"] == "1")
    // Same seed and weights: only the cut documents make the losses differ.
    #expect(whole.history[0].trainLoss != cut.history[0].trainLoss)
    let settings = try CommandContext.trainingSettings(
      Options([(key: "task", value: "lm"), (key: "maxlen", value: "1")], specs: trainSpecs()))
    #expect(settings.documentLimit == 1)
    let classify = try CommandContext.trainingSettings(Options([(key: "maxlen", value: "9")], specs: trainSpecs()))
    #expect(classify.documentLimit == nil && classify.maxlen == 9)
  }

  func trainSpecs() throws -> [OptionSpec] { try #require(Commands.table.definition(named: "train")).options }

  @Test func englishStopwordsWarnAboutNegations() throws {
    let session = Session()
    session.define("data", .dataset(Self.sentiment(10)))
    let warned = try Self.run(session, "vocab v from data min_count=1 stopwords=english")
    let warning = try #require(warned.split(separator: "\n").last)
    #expect(warning.hasPrefix("warning:") && warning.contains("\"not\"") == false && warning.contains("not, no, nor"))
    #expect(!(try Self.run(session, "vocab w from data min_count=1")).contains("warning"))
  }

  @Test func showModelGroupsThousands() throws {
    let session = Session()
    session.define("v", .vocabulary(Vocabulary(words: (0..<998).map { "w\($0)" }, settings: TokenizerSettings())))
    try Self.run(session, "model m = embedding dim=8 | pool mean | dense out=2 vocab=v")
    let shown = try Self.run(session, "show m")
    #expect(shown.contains("    8,000      8,000"))
    #expect(shown.contains("total                              8,018      8,018"))
    session.jsonOutput = true
    #expect(try Self.run(session, "show m").contains(#""parameters":8000"#))
  }

  @Test func jsonTrainingIsOneRecordWithAnEventPerEpoch() throws {
    let session = try Self.session()
    session.jsonOutput = true
    let output = try Self.run(session, "train a on data val=data epochs=2 lr=0.05")
    #expect(output.filter { $0 == "\n" }.count == 1)
    let record = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    #expect(record["command"] as? String == "train a on data val=data epochs=2 lr=0.05")
    #expect(record["ok"] as? Bool == true)
    let events = try #require(record["events"] as? [[String: Any]])
    #expect(events.count == 2)
    #expect(events.map { $0["epoch"] as? Int } == [1, 2])
    #expect(events.allSatisfy { $0["loss"] is NSNumber && $0["val_acc"] is NSNumber && $0["time"] is String })
    let warned = try Self.run(session, "vocab w from data min_count=1 stopwords=english")
    let lines = warned.split(separator: "\n")
    #expect(lines.count == 2 && lines[0].hasPrefix("warning: "))
    let vocab = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
    #expect((vocab["warnings"] as? [String])?.first?.hasPrefix("stopwords=english") == true)
  }
}
