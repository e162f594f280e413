import Foundation
import ReplTestSupport
import Testing
import TextData
import Transfer

@testable import ReplEngine

/// `adaptive` from the command line: help, a language model that trains, evaluates, generates and
/// survives a checkpoint with PyTorch's tensor names, and its one-line errors.
@Suite struct AdaptiveSoftmaxSessionTests {
  /// A session with `text` (unlabeled sentences over 25 words of falling frequency), `labeled`,
  /// and a vocabulary `v` built from `text`.
  static func session() throws -> Session {
    let session = Session(workingDirectory: temporaryFolder())
    let words = (0..<25).map { "w\($0)" }
    var rng = 7
    let sentences = (0..<60).map { i -> Example in
      let text = (0..<(6 + i % 5)).map { _ -> String in
        rng = (rng &* 1_103_515_245 &+ 12_345) & 0x7fff_ffff
        let u = Double(rng % 10_000) / 10_000
        return words[min(24, Int(u * u * 25))]  // low ids far more frequent
      }
      return Example(text: "w0 " + text.joined(separator: " "), label: nil)
    }
    session.define("text", .dataset(Dataset(examples: sentences, labelNames: [], source: "test")))
    session.define("labeled", .dataset(sampleDataset(6)))
    try run(session, "vocab v from text min_count=1")
    return session
  }

  /// Runs `line`, requiring success; returns the output.
  @discardableResult
  static func run(_ session: Session, _ line: String) throws -> String { try TrainingCommandTests.run(session, line) }

  @Test func helpSaysWhereTheDefaultsComeFrom() throws {
    let session = Session()
    let help = try Self.run(session, "help adaptive")
    for word in ["Grave et al. 2017", "AdaptiveLogSoftmaxWithLoss", "div_value", "PyTorch's default 4.0", "head_bias"] {
      #expect(help.contains(word), "\(word) missing from: \(help)")
    }
    #expect(try Self.run(session, "help layers").contains("cutoffs=2000,6000 div_value=4 head_bias=no out=vocab"))
  }

  @Test func aLanguageModelTrainsEvaluatesGeneratesAndRoundTrips() throws {
    let session = try Self.session()
    let made = try Self.run(
      session, "model lm = embedding dim=16 | lstm hidden=16 | adaptive cutoffs=5,12 div_value=2 vocab=v")
    #expect(made.contains("output T×27"), "\(made)")
    try Self.run(session, "train lm on text task=lm epochs=5 bptt=8 lr=0.02")
    let model = try session.model("lm")
    #expect(model.history.count == 5 && model.history[4].trainLoss < model.history[0].trainLoss * 0.9)
    let eval = try Self.run(session, "eval lm on text")
    #expect(eval.contains("perplexity") && eval.contains("tokens"), "\(eval)")
    let words = try Self.run(session, "generate lm \"w0\" n=6 seed=1").split(separator: " ")
    #expect(words.count >= 6 && words.allSatisfy { $0.hasPrefix("w") }, "\(words)")
    try Self.run(session, "save lm to lm.safetensors")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: session.workingDirectory + "/lm.safetensors")))
    let names = try SafetensorsFile.decode(bytes).tensors.map(\.name).filter { $0.hasPrefix("adaptive.") }
    #expect(
      Set(names)
        == [
          "adaptive.head.weight", "adaptive.tail.0.0.weight", "adaptive.tail.0.1.weight", "adaptive.tail.1.0.weight",
          "adaptive.tail.1.1.weight",
        ])
    try Self.run(session, "load again from lm.safetensors")
    let again = try session.model("again")
    #expect(again.network.spec == model.network.spec)
    #expect(again.network.parameters.map(\.1.value) == model.network.parameters.map(\.1.value))
    #expect(try Self.run(session, "eval again on text") == eval.replacingOccurrences(of: "lm on", with: "again on"))
  }

  @Test(arguments: [
    ("adaptive cutoffs=12,5", "layer 3 (adaptive): option 'cutoffs=12,5' is not strictly increasing (12 then 5)"),
    ("adaptive cutoffs=0,5", "layer 3 (adaptive): option 'cutoffs=0,5' has 0; every cutoff must be at least 1"),
    ("adaptive cutoffs=5,27", "layer 3 (adaptive): option 'cutoffs=5,27' has 27, not below the vocabulary size 27"),
    ("adaptive cutoffs=5,12 div_value=0", "layer 3 (adaptive): option 'div_value=' expects a number > 0, got '0'"),
    (
      "adaptive",
      "layer 3 (adaptive): option 'cutoffs=2000,6000' (the default) has 6000, not below the vocabulary size 27"
    ),
  ])
  func badOptionsFailInOneLineAndChangeNothing(_ head: String, _ message: String) throws {
    let session = try Self.session()
    let before = session.objectNames
    let result = session.execute("model bad = embedding dim=16 | lstm hidden=16 | \(head) vocab=v")
    #expect(!result.succeeded)
    let line = result.output.trimmingCharacters(in: .newlines)
    #expect(line.hasPrefix("error: " + message), "\(line)")
    #expect(!line.contains("\n"))
    #expect(session.objectNames == before)
  }

  @Test func itCannotBeAClassifier() throws {
    let session = try Self.session()
    try Self.run(session, "model lm = embedding dim=16 | lstm hidden=16 | adaptive cutoffs=5,12 div_value=2 vocab=v")
    let result = session.execute("train lm on labeled")
    #expect(!result.succeeded)
    #expect(result.output.hasPrefix("error: model 'lm' ends with 'adaptive', a language model's output layer"))
    #expect(!result.output.trimmingCharacters(in: .newlines).contains("\n"))
    #expect(try session.model("lm").history.isEmpty)
    #expect(!session.execute("predict lm \"w1 w2\"").succeeded)
  }
}
