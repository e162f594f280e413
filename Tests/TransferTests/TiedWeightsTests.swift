import Foundation
import ReplEngine
import ReplTestSupport
import Testing
import TextData
import Training

@testable import ReplEngine

/// `dense out=vocab tie=embedding`: one tensor for the embedding and the decoder, in training and
/// in the checkpoint (stored once, as safetensors requires, and loadable by PyTorch).
@Suite struct TiedWeightsTests {
  static func session() throws -> Session {
    let session = Session()
    let texts = (0..<30).map { Example(text: "the film was \($0 % 2 == 0 ? "good" : "bad") and fine", label: nil) }
    session.define("text", .dataset(Dataset(examples: texts, labelNames: [], source: "test")))
    try execute(
      [
        "vocab v from text min_count=1",
        "model lm = embedding dim=6 | lstm hidden=6 | dense out=vocab tie=embedding vocab=v",
      ], in: session)
    return session
  }

  @Test func theDecoderUsesTheEmbeddingTensorAndTrainsItOnce() throws {
    let session = try Self.session()
    let network = try session.model("lm").network
    #expect(
      network.parameters.map(\.0) == [
        "embedding.weight", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
        "dense.bias",
      ])
    let embedding = try #require(network.layer(named: "embedding")?.layer.parameters.first?.1)
    let decoder = try #require(network.layer(named: "dense")?.layer.parameters.first?.1)
    #expect(embedding === decoder)
    let before = embedding.value
    try execute(["train lm on text task=lm epochs=2 bptt=5 batch=2"], in: session)
    #expect(embedding.value != before && decoder === embedding)
  }

  /// fastai's AWD-LSTM split: the tied tensor trains with the top group (the decoder's), so the
  /// embedding layer, left with no tensor of its own, forms no group.
  @Test func theTiedTensorBelongsToTheTopGroup() throws {
    let network = try Self.session().model("lm").network
    let groups = LayerGroups(network: network)
    #expect(groups.names == ["lstm", "dense"])
    #expect(groups.groups[1].map(\.0) == ["dense.weight", "dense.bias"])
    let table = groups.rateTable(base: 1, decay: 2.6)
    #expect(table[ObjectIdentifier(network.parameters[0].1)] == 1)
  }

  /// The session after training `lm` one epoch, saving it and loading it back as `back`; the file.
  static func savedAndLoaded() throws -> (Session, file: String) {
    let session = try Self.session()
    let folder = try PythonSupport.temporaryFolder("tied")
    let file = folder + "/lm.safetensors"
    try execute(
      ["train lm on text task=lm epochs=1 bptt=5 batch=2", "save lm to \(file)", "load back from \(file)"], in: session)
    return (session, file)
  }

  @Test func aCheckpointStoresTheTiedTensorOnce() throws {
    let (session, _) = try Self.savedAndLoaded()
    let original = try session.model("lm").network
    let loaded = try session.model("back").network
    #expect(loaded.parameters.map(\.0) == original.parameters.map(\.0))
    #expect(zip(loaded.parameters, original.parameters).allSatisfy { $0.1.value == $1.1.value })
    let tied = loaded.layer(named: "dense")?.layer.parameters.first?.1
    #expect(tied === loaded.layer(named: "embedding")?.layer.parameters.first?.1)
  }

  @Test(.enabled(if: PythonSupport.torchTestsRun, PythonSupport.torchMissing))
  func pyTorchLoadsTheTiedCheckpoint() throws {
    try PythonSupport.requireTorch()
    let (_, file) = try Self.savedAndLoaded()
    let script = "from safetensors.torch import load_file; d = load_file('\(file)'); print(sorted(d))"
    let result = try PythonSupport.run(["-c", script])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("'embedding.weight'") && !result.out.contains("dense.weight"))
  }

  @Test(arguments: [
    (
      "model m = embedding dim=6 | lstm hidden=5 | dense out=vocab tie=embedding vocab=v",
      "error: layer 3 (dense): option 'tie=embedding': its weight [9, 5] and embedding.weight [9, 6] differ in shape"
    ),
    (
      "model m = embedding dim=6 | lstm hidden=6 | dense out=vocab tie=lstm2 vocab=v",
      "error: layer 3 (dense): option 'tie=' names no earlier layer 'lstm2' (earlier layers: embedding, lstm)"
    ),
  ])
  func badTiesAreOneLineErrors(_ line: String, _ message: String) throws {
    let session = try Self.session()
    let result = session.execute(line)
    #expect(result.output.hasPrefix(message), "\(result.output)")
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(throws: (any Error).self) { try session.model("m") }
  }
}
