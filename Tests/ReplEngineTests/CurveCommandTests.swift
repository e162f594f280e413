import Foundation
import ReplTestSupport
import TensorCore
import Testing
import TextData
import Training

@testable import ReplEngine

/// `curve` on the real UCI sentences with a tiny model: the grid, the arms left as they were, the
/// same numbers on one thread and two, the SVG, and every bad input as a one-line error that
/// changes nothing.
@Suite(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
struct CurveCommandTests {
  /// A session with the UCI imdb sentences split in `d.train`/`d.test`, a vocabulary and two arms:
  /// `scratch` and `warm` (trained for one epoch on the full training half).
  static func session() throws -> Session {
    let spec = "embedding dim=8 | pool mean | dense out=2 vocab=v"
    let session = Session(workingDirectory: temporaryFolder())
    for line in [
      "load d from \(TestPaths.data)/uci-sentiment-sentences/imdb_labelled.txt",
      "split d train=0.5 test=0.5", "vocab v from d.train", "model scratch = \(spec)", "model warm = \(spec)",
      "train warm on d.train epochs=1", "model lm = embedding dim=8 | pool mean | dense out=3 vocab=v",
    ] {
      let result = session.execute(line)
      try #require(result.succeeded, "\(line): \(result.output)")
    }
    return session
  }

  static let command = "curve scratch,warm on d.train test=d.test sizes=20,40 seeds=2 epochs=2 lr=0.01 batch=8"

  @Test func gridPValuesPlotAndArmsUnchanged() throws {
    let session = try Self.session()
    let before = WorkspaceSnapshot(session)
    let folder = session.workingDirectory
    let result = session.execute(Self.command + " to c.svg")
    try #require(result.succeeded, "\(result.output)")
    #expect(WorkspaceSnapshot(session) == before)
    let lines = result.output.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.hasPrefix("job ") }.count == 8)
    let header = try #require(
      lines.firstIndex { $0.hasPrefix("labels") && $0.contains("scratch") && $0.contains("warm") })
    let rows = lines[(header + 2)...(header + 3)].map { $0.split(separator: " ").map(String.init) }
    // labels, then "mean ± sd" for each arm (the marker, when there is one, is a fourth word).
    #expect(rows.map { $0.first } == ["20", "40"])
    #expect(rows.allSatisfy { $0.filter { $0 == "±" }.count == 2 })
    #expect(lines[header - 1].hasPrefix("accuracy on d.test, mean ± sd of 2 seeds"))
    #expect(lines.contains { $0.hasPrefix("p-values") })
    #expect(lines.contains { $0.contains("labels") && $0.contains("20") && $0.contains("40") && !$0.contains("±") })
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(result.output)")
    let svg = try String(contentsOfFile: folder + "/c.svg", encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains(">scratch</text>") && svg.contains(">labels</text>"))
    #expect(svg.contains("<path d=\"M"))  // the ±sd bars
  }

  @Test func jsonGivesOneRowPerArmAndLabelCountWithNumbers() throws {
    let session = try Self.session()
    session.execute("format json")
    let result = session.execute(Self.command)
    try #require(result.succeeded, "\(result.output)")
    #expect(result.output.contains(#""tables":[[{"arm":"scratch","labels":20,"mean":0."#), "\(result.output)")
    #expect(result.output.contains(#"{"arm":"warm","labels":40,"mean":0."#))
    #expect(result.output.contains(#""significant":"#) && result.output.contains(#""seed_2":0."#))
  }

  @Test func twoThreadsGiveTheSameNumbersAsOne() throws {
    let session = try Self.session()
    let one = session.execute(Self.command + " threads=1")
    let two = session.execute(Self.command + " threads=2")
    try #require(one.succeeded && two.succeeded, "\(one.output)\n\(two.output)")
    #expect(one.output == two.output)
    // And the engine's grid itself, bit for bit, with the job order reported the same.
    let d = try session.dataset("d.train")
    let t = try session.dataset("d.test")
    let arms = try ["scratch", "warm"].map { (name: $0, model: try session.model($0)) }
    var settings = TrainingSettings()
    settings.epochs = 1
    let curve = LearningCurve(
      arms: arms, train: ("d.train", d), test: ("d.test", t), sizes: [10, 30], seeds: [1, 2, 3], settings: settings)
    var orders: [[Int]] = [[], []]
    let sequential = try curve.run(threads: 1, cancellation: nil) { orders[0].append($0.index) }
    let parallel = try curve.run(threads: 2, cancellation: nil) { orders[1].append($0.index) }
    #expect(sequential == parallel && orders[0] == Array(0..<12) && orders[1] == orders[0])
    #expect(sequential.count == 2 && sequential.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.count == 3 } })
  }

  @Test func cancellationStopsAtAJobBoundaryAndChangesNothing() throws {
    let session = try Self.session()
    let d = try session.dataset("d.train")
    let t = try session.dataset("d.test")
    let curve = LearningCurve(
      arms: [(name: "scratch", model: try session.model("scratch"))], train: ("d.train", d), test: ("d.test", t),
      sizes: [10, 20], seeds: [1, 2], settings: TrainingSettings())
    let token = CancellationToken()
    var finished = 0
    #expect(throws: CancelledError.self) {
      _ = try curve.run(threads: 1, cancellation: token) { _ in
        finished += 1
        token.cancel()
      }
    }
    #expect(finished == 1)
    #expect(try session.model("scratch").history.isEmpty)
  }

  @Test(arguments: [
    ("curve scratch,warm on d.train test=d.test sizes=20,40 seeds=1", "option 'seeds=' needs at least 2"),
    ("curve scratch,warm on d.train test=d.test sizes=20,600", "option 'sizes=': 600 is larger than dataset 'd.train'"),
    ("curve scratch,warm on d.train test=d.test sizes=1", "option 'sizes=': a stratified sample of 1"),
    ("curve scratch,wram on d.train test=d.test sizes=20", "'wram' is not a model (did you mean 'warm'?)"),
    ("curve scratch,lm on d.train test=d.test sizes=20", "model 'lm' has 3 outputs but 2 labels"),
    ("curve scratch,scratch on d.train test=d.test sizes=20", "'scratch' is listed twice"),
    ("curve scratch,warm on d.train test=d.test sizes=40,20", "option 'sizes=' must increase"),
    ("curve scratch,warm on d.train test=d.test sizes=0,20", "option 'sizes=' expects whole numbers ≥ 1"),
    ("curve scratch,warm on d.train sizes=20", "error: missing option 'test='"),
    ("curve scratch,warm on d.train test=d.test sizes=20 baseline=wrm", "option 'baseline=': 'wrm' is not one of"),
    ("curve scratch,warm on d.train test=d.test sizes=20 to c.png", "name the file FILE.svg"),
    (
      "curve scratch,warm on d.train test=d.test sizes=20 to /nonexistent/dir/c.svg",
      "folder '/nonexistent/dir' does not exist"
    ),
  ])
  func badInputIsOneLineAndChangesNothing(_ line: String, _ expected: String) throws {
    let session = try Self.session()
    let before = WorkspaceSnapshot(session)
    let result = session.execute(line)
    #expect(!result.succeeded)
    let errors = result.output.split(separator: "\n").filter { $0.hasPrefix("error: ") }
    // One error line (a syntax error adds the command and a caret under it).
    #expect(errors.count == 1 && result.output.hasPrefix("error: "), "\(result.output)")
    #expect(result.output.contains(expected), "\(result.output)")
    #expect(WorkspaceSnapshot(session) == before)
  }
}
