import Testing
import TextData

@testable import ReplEngine

/// `train` options for AWD-LSTM language models: `streams=`, `betas=` and bad rates.
@Suite struct LanguageModelTrainingTests {
  static func session() throws -> Session {
    let session = try TrainingCommandTests.session()
    try TrainingCommandTests.run(
      session,
      "model lm = embedding dim=4 embed_p=0.1 | lstm hidden=6 input_p=0.1 weight_p=0.2 | dense out=vocab vocab=v")
    return session
  }

  @Test func streamsAndBetasAreRecordedAndUsed() throws {
    let session = try Self.session()
    try TrainingCommandTests.run(session, "train lm on data task=lm epochs=1 bptt=6 betas=0.7,0.99")
    let model = try session.model("lm")
    #expect(model.trainingSettings["streams"] == "yes" && model.trainingSettings["betas"] == "0.7,0.99")
    try TrainingCommandTests.run(session, "train lm on data task=lm epochs=1 bptt=6 streams=no")
    #expect(model.trainingSettings["streams"] == "no")
    #expect(model.history.count == 2)
  }

  @Test(arguments: ["0.7", "0.7,1", "a,b", "0.7,0.99,0.9", "-0.1,0.9"])
  func badBetasAreOneLineErrorsThatChangeNothing(_ betas: String) throws {
    let session = try Self.session()
    let result = session.execute("train lm on data task=lm epochs=1 betas=\(betas)")
    #expect(!result.succeeded)
    #expect(result.output.hasPrefix("error: option 'betas=' expects two numbers in [0, 1)"))
    #expect(!result.output.dropLast().contains("\n"))
    #expect(try session.model("lm").history.isEmpty)
  }

  /// AWD-LSTM's shape: stacked LSTMs with their own sizes (separate `lstm` layers), the last one
  /// as wide as the embedding so the decoder can be tied to it; the encoder keeps all three.
  @Test func stackedLayersWithTheirOwnSizesTrainAndEncode() throws {
    let session = try TrainingCommandTests.session()
    for line in [
      "model awd = embedding dim=4 embed_p=0.1 | lstm hidden=10 input_p=0.2 weight_p=0.3 output_p=0.2 "
        + "| lstm hidden=7 weight_p=0.3 output_p=0.2 | lstm hidden=4 weight_p=0.3 output_p=0.3 "
        + "| dense out=vocab tie=embedding vocab=v",
      "train awd on data task=lm epochs=2 bptt=6 batch=4 betas=0.7,0.99",
      "model clf = encoder awd | pool concat | dense out=2",
      "train clf on data epochs=2 unfreeze=gradual lr_decay=2.6 schedule=stlr",
    ] {
      try TrainingCommandTests.run(session, line)
    }
    let awd = try session.model("awd").network
    #expect(awd.layers.map(\.layer.outputShape.width) == [4, 10, 7, 4, 12])
    #expect(awd.parameters.count == 1 + 3 * 4 + 1)
    let clf = try session.model("clf").network
    #expect(clf.layers.map(\.name) == ["embedding", "lstm", "lstm2", "lstm3", "pool", "dense"])
    #expect(clf.layer(named: "pool")?.layer.outputShape.width == 12)
  }

  /// With threads=2 each half of a batch keeps its own rows, so the carried state of every stream
  /// stays with its stream: the losses match one thread's to rounding.
  @Test func twoThreadsCarryEachStreamsStateWithItsRows() throws {
    let session = try TrainingCommandTests.session()
    for line in [
      "model one = embedding dim=4 | lstm hidden=6 | dense out=vocab vocab=v", "model two = copy one",
      "model zero = copy one", "train one on data task=lm epochs=3 bptt=4 batch=4 val=data",
      "train two on data task=lm epochs=3 bptt=4 batch=4 val=data threads=2",
      "train zero on data task=lm epochs=3 bptt=4 batch=4 val=data threads=2 streams=no",
    ] {
      try TrainingCommandTests.run(session, line)
    }
    let (one, two, zero) = (try session.model("one"), try session.model("two"), try session.model("zero"))
    let gaps = zip(one.history, two.history).map { abs($0.trainLoss - $1.trainLoss) }
    #expect(gaps.allSatisfy { $0 < 1e-3 }, "threads=2 drifts: \(gaps)")
    #expect(abs((zero.history.last?.trainLoss ?? 0) - (one.history.last?.trainLoss ?? 0)) > 1e-2)
  }

  @Test func aBadDropoutRateNamesTheOption() throws {
    let session = try Self.session()
    let result = session.execute("model m = embedding dim=4 | lstm hidden=4 weight_p=1 | dense out=vocab vocab=v")
    #expect(result.output.contains("option 'weight_p=' expects a probability in [0, 1), got '1'"))
    #expect(throws: (any Error).self) { try session.model("m") }
  }
}
