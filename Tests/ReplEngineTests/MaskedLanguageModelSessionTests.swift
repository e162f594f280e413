import ReplTestSupport
import Testing
import TextData
import Training

@testable import ReplEngine

/// `vocab … mask=yes`, `train … task=mlm`, `eval … task=mlm` and a classifier built on an
/// MLM-pretrained encoder, at the prompt, on UCI sentences.
@Suite(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
struct MaskedLanguageModelSessionTests {
  static let model =
    "model m = embedding dim=32 | transformer heads=2 ff=64 dropout=0 maxlen=64 | transformer heads=2 ff=64 dropout=0 positions=none | dense out=vocab tie=embedding vocab=v"

  /// 400 Amazon sentences for pretraining (`amz.train`) and 200 held out (`amz.test`), vocabulary `v`
  /// with a mask token, and the untrained MLM `m`.
  static func session() throws -> Session {
    let session = Session()
    let file = TestPaths.data + "/uci-sentiment-sentences/amazon_cells_labelled.txt"
    for line in [
      "load all from \(file)", "sample all n=600 seed=1 as amz", "split amz train=0.667 test=0.333 seed=1",
      "vocab v from amz.train mask=yes", model,
    ] {
      try TrainingCommandTests.run(session, line)
    }
    return session
  }

  /// The accuracy of the best constant guess on `data`'s tokens (a unigram model at its best).
  static func unigramBaseline(_ session: Session, _ data: String) throws -> Double {
    let vocabulary = try #require(try session.model("m").vocabulary)
    var counts: [Int32: Int] = [:]
    for example in try session.dataset(data).examples {
      for id in vocabulary.encode(example.text) { counts[id, default: 0] += 1 }
    }
    let total = counts.values.reduce(0, +)
    return Double(counts.values.max() ?? 0) / Double(max(total, 1))
  }

  /// The masked accuracy `eval m on DATA task=mlm` prints.
  static func maskedAccuracy(_ session: Session, _ data: String) throws -> Double {
    let eval = try TrainingCommandTests.run(session, "eval m on \(data) task=mlm")
    let figure = eval.split(separator: "\n").first { $0.contains("masked accuracy ") }?.split(separator: " ").last
    return try #require(figure.flatMap { Double($0) }, "\(eval)")
  }

  @Test func maskedAccuracyRisesAboveTheUnigramBaselineAndTheEncoderClassifies() throws {
    let session = try Self.session()
    let v = try session.vocabulary("v")
    #expect(v.tokens.last == Vocabulary.mask)
    let before = try Self.maskedAccuracy(session, "amz.train")
    let output = try TrainingCommandTests.run(
      session, "train m on amz.train val=amz.test task=mlm epochs=6 lr=0.003 batch=16 seed=3")
    #expect(output.split(separator: "\n").first?.contains(" ppl ") == true, "\(output)")
    let after = try Self.maskedAccuracy(session, "amz.train")
    #expect(after == (try Self.maskedAccuracy(session, "amz.train")), "eval is not reproducible")
    let baseline = try Self.unigramBaseline(session, "amz.train")
    #expect(after > baseline + 0.02, "masked accuracy \(before) → \(after) vs unigram baseline \(baseline)")
    let history = try session.model("m").history
    #expect(history.last!.validationLoss! < history.first!.validationLoss!, "held-out masked loss did not fall")
    #expect(abs(history.last!.validationAccuracy! - (try Self.maskedAccuracy(session, "amz.test"))) < 0.0006)

    let built = try TrainingCommandTests.run(session, "model c = encoder m | pool cls | dense out=2")
    #expect(built.hasPrefix("c: 5 layers (3 from m's encoder)"), "\(built)")
    let (m, c) = (try session.model("m"), try session.model("c"))
    let source = Dictionary(m.network.parameters, uniquingKeysWith: { a, _ in a })
    for (key, p) in c.network.parameters where !key.hasPrefix("pool") && !key.hasPrefix("dense") {
      #expect(p.value == source[key]?.value, "\(key) not copied from the MLM")
    }
    try TrainingCommandTests.run(session, "train c on amz.train epochs=2 lr=0.003")
    #expect(c.history.count == 2 && c.history.allSatisfy { $0.trainLoss.isFinite && !$0.languageModel })
    try TrainingCommandTests.run(session, "eval c on amz.test")
  }

  @Test(arguments: [
    (
      "vocab w from amz.train", "model bad = embedding dim=8 | dense out=vocab vocab=w",
      "train bad on amz.train task=mlm",
      "error: model 'bad': its vocabulary has no <mask> token, which task=mlm needs; build one with 'vocab V from DATASET mask=yes'"
    ),
    (
      "vocab w from amz.train mask=yes", "model bad = embedding dim=8 | pool mean | dense out=2 vocab=w",
      "train bad on amz.train task=mlm", "error: model 'bad' outputs a vector of 2 per text but task=mlm needs T×"
    ),
    (
      "vocab w from amz.train mask=yes", "model bad = embedding dim=8 | pool mean | dense out=2 vocab=w",
      "eval bad on amz.test task=mlm", "error: model 'bad' outputs a vector of 2 per text but task=mlm needs T×"
    ),
    (
      "vocab w from amz.train mask=yes", "model bad = embedding dim=8 | dense out=vocab vocab=w",
      "train bad on amz.train task=mlm mask_p=1.5",
      "error: option 'mask_p=' expects a number in (0, 1] (BERT: 0.15), got '1.5'"
    ),
  ])
  func badInputIsAOneLineErrorThatChangesNothing(_ vocab: String, _ model: String, _ line: String, _ prefix: String)
    throws
  {
    let session = try Self.session()
    try TrainingCommandTests.run(session, vocab)
    try TrainingCommandTests.run(session, model)
    let before = try session.model("bad").network.parameters.map(\.1.value)
    let result = session.execute(line)
    #expect(!result.succeeded && result.output.hasPrefix(prefix), "\(result.output)")
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(try session.model("bad").network.parameters.map(\.1.value) == before)
    #expect(try session.model("bad").history.isEmpty)
  }

  @Test func vocabMaskAddsOneLastTokenAndHelpTrainDocumentsMLM() throws {
    let session = try Self.session()
    let plain = try TrainingCommandTests.run(session, "vocab w from amz.train")
    let masked = try TrainingCommandTests.run(session, "vocab x from amz.train mask=yes")
    let (w, x) = (try session.vocabulary("w"), try session.vocabulary("x"))
    #expect(x.tokens == w.tokens + [Vocabulary.mask], "the words keep their ids")
    #expect(masked.hasPrefix("x: \(x.count) tokens (\(w.count - 2) words + <pad>, <unk>, <mask>)"), "\(masked)")
    #expect(plain.hasPrefix("w: \(w.count) tokens (\(w.count - 2) words + <pad>, <unk>)"), "\(plain)")
    let help = try TrainingCommandTests.run(session, "help train")
    for phrase in ["task=mlm", "80%", "mask_p", "seed="] {
      #expect(help.contains(phrase), "help train lacks \(phrase)")
    }
  }
}
