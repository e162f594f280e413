import Testing
import TextData

@testable import ReplEngine

/// `model clf = encoder LM | pool concat | dense out=2`: a classifier on a language model's body.
@Suite struct EncoderModelTests {
  static func session() throws -> Session {
    let session = try TrainingCommandTests.session()
    for line in [
      "model lm = embedding dim=6 embed_p=0.1 | lstm hidden=6 layers=2 weight_p=0.2 | dense out=vocab tie=embedding vocab=v",
      "train lm on data task=lm epochs=1 bptt=6 batch=4",
    ] {
      try TrainingCommandTests.run(session, line)
    }
    return session
  }

  @Test func theEncoderTakesTheBodyWithItsWeightsAndVocabulary() throws {
    let session = try Self.session()
    let output = try TrainingCommandTests.run(session, "model clf = encoder lm | pool concat | dense out=2")
    // (the encoder spelling itself comes from the bert branch; these tests cover an LSTM LM's body)
    #expect(output.hasPrefix("clf: 4 layers (2 from lm's encoder), "))
    let (lm, clf) = (try session.model("lm"), try session.model("clf"))
    #expect(clf.network.layers.map(\.name) == ["embedding", "lstm", "pool", "dense"])
    #expect(clf.vocabulary?.count == lm.vocabulary?.count)
    let source = Dictionary(lm.network.parameters, uniquingKeysWith: { a, _ in a })
    for (key, p) in clf.network.parameters where !key.hasPrefix("dense") {
      #expect(p.value == source[key]?.value, "\(key) not copied")
      #expect(p !== source[key], "\(key) shares storage with the source")
    }
    try TrainingCommandTests.run(
      session, "train clf on data epochs=3 unfreeze=gradual lr_decay=2.6 schedule=stlr lr=0.01 betas=0.7,0.99")
    #expect(
      clf.history.map { $0.trainableLayers ?? [] } == [["dense"], ["lstm", "dense"], ["embedding", "lstm", "dense"]])
    #expect(clf.history.allSatisfy { $0.trainLoss.isFinite })
    #expect(lm.network.parameters.allSatisfy { key, p in source[key]?.value == p.value })
  }

  @Test func theFirstTrainingOfAClassifierOnAnLMEncoderUsesULMFiTDefaults() throws {
    let session = try Self.session()
    try TrainingCommandTests.run(session, "model clf = encoder lm | pool concat | dense out=2")
    let output = try TrainingCommandTests.run(session, "train clf on data epochs=3 lr=0.005")
    #expect(
      output.contains(
        "ULMFiT defaults for a classifier on lm's encoder: schedule=stlr unfreeze=gradual lr_decay=2.6 betas=0.7,0.99\n"
      ))
    let clf = try session.model("clf")
    #expect(
      clf.history.map { $0.trainableLayers ?? [] } == [["dense"], ["lstm", "dense"], ["embedding", "lstm", "dense"]])
    // A second run, a copy and a plain model keep the plain defaults.
    #expect(!(try TrainingCommandTests.run(session, "train clf on data epochs=1")).contains("ULMFiT"))
    try TrainingCommandTests.run(
      session, "model plain = embedding dim=6 | lstm hidden=6 | pool concat | dense out=2 vocab=v")
    #expect(!(try TrainingCommandTests.run(session, "train plain on data epochs=1")).contains("ULMFiT"))
    try TrainingCommandTests.run(session, "model again = encoder lm | pool concat | dense out=2")
    let given = try TrainingCommandTests.run(
      session, "train again on data epochs=1 schedule=constant unfreeze=none lr_decay=1 betas=0.9,0.999 lr=0.002")
    #expect(!given.contains("ULMFiT"))
  }

  @Test(arguments: [
    ("model c = encoder nosuch | pool concat | dense out=2", "error: "),
    (
      "model c = encoder lm | pool concat | dense out=2 vocab=v",
      "error: option 'vocab=' does not apply: 'encoder' brings the model's own vocabulary"
    ),
    ("model c = embedding dim=4 | encoder lm | dense out=2 vocab=v", "error: 'encoder lm' must come first"),
    ("model c = encoder | pool concat | dense out=2", "error: usage: model NAME = encoder MODEL"),
  ])
  func badEncoderSpecsAreOneLineErrors(_ line: String, _ prefix: String) throws {
    let session = try Self.session()
    let result = session.execute(line)
    #expect(!result.succeeded && result.output.hasPrefix(prefix), "\(result.output)")
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(throws: (any Error).self) { try session.model("c") }
  }
}
