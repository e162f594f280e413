import CommandLanguage
import Schema
import Testing
import TextData
import Training

@testable import ReplEngine

/// The model commands, driven through their handlers: building, copying, errors that leave the
/// session unchanged, `show`, `freeze` and `unfreeze`.
@Suite struct ModelHandlerTests {
  /// Runs the model-area handler for `command` with positional `arguments`; returns the output or
  /// `error: …`.
  @discardableResult
  static func run(
    _ session: Session, _ command: String, _ arguments: [String: [String]], options: [(String, String)] = []
  )
    throws -> String
  {
    let command = try #require(CommandContext.modelCommands.first { $0.definition.name == command })
    let definition = command.definition
    let parsed = ParsedCommand(
      definition: definition, arguments: arguments,
      options: try Options(options.map { (key: $0.0, value: $0.1) }, specs: definition.options), flags: [],
      line: definition.name)
    let out = CommandOutput()
    do { try command.run(CommandContext(session), parsed, out) } catch let error as ReplError {
      return "error: \(error.message)"
    }
    return out.text
  }

  @discardableResult
  static func model(_ session: Session, _ name: String, _ spec: String) throws -> String {
    try run(session, "model", ["NAME": [name], "SPEC": [spec]])
  }

  static func show(_ session: Session, _ name: String, layer: String? = nil) throws -> String {
    let out = CommandOutput()
    do { try CommandContext(session).showModel(name, try session.model(name), layer: layer, out) } catch let error
      as ReplError
    {
      return "error: \(error.message)"
    }
    return out.text
  }

  static func sessionWithVocabulary() -> Session {
    let session = Session()
    session.define("v", .vocabulary(Vocabulary(words: (0..<98).map { "w\($0)" }, settings: TokenizerSettings())))
    return session
  }

  @Test func buildsAModelFromASpecWithAVocabulary() throws {
    let session = Self.sessionWithVocabulary()
    let output = try Self.model(session, "clf", "embedding dim=8 | pool last | dense out=2 vocab=v")
    #expect(output == "clf: 3 layers, 818 parameters, output 2\n")
    let model = try session.model("clf")
    #expect(model.vocabulary?.count == 100)
    #expect(model.network.parameterCount == 100 * 8 + 8 * 2 + 2)
  }

  @Test func vocabSizeAndSeed() throws {
    let session = Session()
    try Self.model(session, "a", "embedding dim=4 | dense out=vocab vocab_size=30 seed=7")
    try Self.model(session, "b", "embedding dim=4 | dense out=vocab vocab_size=30 seed=7")
    try Self.model(session, "c", "embedding dim=4 | dense out=vocab vocab_size=30 seed=8")
    let (a, b, c) = (try session.model("a"), try session.model("b"), try session.model("c"))
    #expect(a.network.outputShape == .sequence(30))
    #expect(a.network.parameters[0].1.value == b.network.parameters[0].1.value)
    #expect(a.network.parameters[0].1.value != c.network.parameters[0].1.value)
  }

  @Test(arguments: [
    (
      "embedding dim=8 | lstn hidden=4 | dense out=2 vocab=v",
      "error: layer 2 (lstn): unknown layer type 'lstn' (did you mean 'lstm'?)"
    ),
    ("embedding dims=8 vocab=v", "error: layer 1 (embedding): unknown option 'dims=' (did you mean 'dim='?)"),
    ("embedding dim=-3 vocab=v", "error: layer 1 (embedding): option 'dim=' expects a whole number ≥ 1, got '-3'"),
    (
      "embedding dim=8 | transformer | dense out=2 | dense out=2 vocab=v",
      "error: layer 3 (dense): input is a sequence (T×8); add 'pool last|mean|max|concat' before it, or use it as the last layer of a language model"
    ),
    (
      "embedding dim=8 | transformer | dense out=2 vocab=v",
      "error: layer 3 (dense): input is a sequence (T×8) and 2 outputs is not the vocabulary size (100); add 'pool last|mean|max|concat' before it, or use out=vocab for a language model"
    ),
    ("embedding dim=8 | dense out=2 vocab=w", "error: no object named 'w' (did you mean 'v'?)"),
    ("embedding dim=8", "error: the model needs a vocabulary: add vocab=NAME (e.g. vocab=v) or vocab_size=N"),
    ("embedding dim=8 vocab=v vocab_size=3", "error: give either vocab=NAME or vocab_size=N, not both"),
    ("embedding dim=8 | vocab=v", "error: expected a layer type after the last '|'"),
    (
      "embedding dim=99999999999 vocab=v",
      "error: layer 1 (embedding): option 'dim=' needs more parameters than fit in memory (over 1073741824 values); use a smaller 'dim='"
    ),
  ])
  func badSpecsFailAndLeaveTheSessionUnchanged(_ spec: String, _ message: String) throws {
    let session = Self.sessionWithVocabulary()
    try Self.model(session, "clf", "embedding dim=4 | pool mean | dense out=3 vocab=v")
    let before = try session.model("clf")
    let output = try Self.model(session, "clf", spec)
    #expect(output == message)
    #expect(try session.model("clf") === before)
    #expect(session.names(of: .model) == ["clf"])
  }

  @Test func copyIsIndependentWithVocabularyLabelsAndHistory() throws {
    let session = Self.sessionWithVocabulary()
    try Self.model(session, "a", "embedding dim=4 | pool max | dense out=2 vocab=v")
    let a = try session.model("a")
    a.labelNames = ["neg", "pos"]
    a.history = [EpochRecordFixture.one]
    try Self.run(session, "freeze", ["MODEL": ["a"], "LAYERS": ["embedding"]])
    #expect(try Self.model(session, "b", "copy a") == "b: copy of a, 3 layers, 410 parameters\n")
    let b = try session.model("b")
    #expect(b !== a)
    #expect(b.labelNames == ["neg", "pos"] && b.vocabulary == a.vocabulary)
    #expect(b.history.map(\.inheritedFrom) == ["a"])
    #expect(
      b.history.map {
        var r = $0
        r.inheritedFrom = nil
        return r
      } == a.history)
    #expect(b.network.parameters[0].1.frozen)
    b.network.parameters[1].1.value.data[0] += 1
    #expect(b.network.parameters[1].1.value != a.network.parameters[1].1.value)
    #expect(try Self.model(session, "c", "copy nope") == "error: no object named 'nope'")
  }

  @Test func copyOfATrainedModelRecordsItsSourceForNegativeTransfer() throws {
    let session = Self.sessionWithVocabulary()
    try Self.model(session, "fresh", "embedding dim=4 | pool max | dense out=2 vocab=v")
    try Self.model(session, "twin", "copy fresh")
    #expect(try session.model("twin").transferredFrom == nil)
    try session.model("fresh").history = [EpochRecordFixture.one]
    try Self.model(session, "tuned", "copy fresh")
    #expect(try session.model("tuned").transferredFrom == "fresh")
  }

  @Test func showPrintsLayersShapesAndTrainableCounts() throws {
    let session = Self.sessionWithVocabulary()
    try Self.model(session, "clf", "embedding dim=8 | pool concat | dense out=4 activation=relu | dense out=2 vocab=v")
    #expect(
      try Self.show(session, "clf") == """
        clf: 4 layers reading token ids, vocabulary 100 words
        layer      type       output  parameters  trainable  frozen
        ---------  ---------  ------  ----------  ---------  ------
        embedding  embedding  T×8            800        800
        pool       pool       24               0          0
        dense      dense      4              100        100
        dense2     dense      2               10         10
        total                                910        910

        """)
    let frozen = try Self.run(session, "freeze", ["MODEL": ["clf"], "LAYERS": ["embedding,dense"]])
    #expect(frozen == "clf: froze embedding, dense; trainable parameters 10 of 910\n")
    let shown = try Self.show(session, "clf")
    #expect(shown.contains("embedding  embedding  T×8            800          0  frozen"))
    #expect(shown.contains("total                                910         10"))
    let model = try session.model("clf")
    #expect(model.network.trainableParameters.map(\.0) == ["dense2.weight", "dense2.bias"])
    #expect(
      try Self.show(session, "clf", layer: "dense") == """
        clf.dense: dense, input 24, output 4
        parameter  shape  count  frozen
        ---------  -----  -----  ------
        weight     4×24      96  yes
        bias       4          4  yes

        """)
    #expect(
      try Self.run(session, "unfreeze", ["MODEL": ["clf"], "LAYERS": ["dense"]])
        == "clf: unfroze dense; trainable parameters 110 of 910\n")
    #expect(
      try Self.run(session, "unfreeze", ["MODEL": ["clf"]])
        == "clf: unfroze embedding, pool, dense, dense2; trainable parameters 910 of 910\n")
  }

  @Test func unknownLayerNamesSuggestTheNearest() throws {
    let session = Self.sessionWithVocabulary()
    try Self.model(session, "clf", "embedding dim=4 | pool last | dense out=2 vocab=v")
    #expect(
      try Self.run(session, "freeze", ["MODEL": ["clf"], "LAYERS": ["embeding"]])
        == "error: model 'clf' has no layer 'embeding' (did you mean 'embedding'?); its layers are embedding, pool, dense"
    )
    #expect(try session.model("clf").network.trainableParameters.count == 3)
    #expect(
      try Self.show(session, "clf", layer: "dens")
        == "error: model 'clf' has no layer 'dens' (did you mean 'dense'?); its layers are embedding, pool, dense")
  }
}

/// A history row for copy tests.
enum EpochRecordFixture {
  static let one = EpochRecord(epoch: 1, trainLoss: 0.5, trainAccuracy: 0.75)
}
