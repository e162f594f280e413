import LayerKit
import Testing
import TextData
import Training

@testable import Transfer

@Suite("Checkpoints")
struct CheckpointTests {
  let words = ["good", "bad", "movie", "plot", "phone"]

  func trainedModel() throws -> TextModel {
    let model = try toyModel(words: words, dim: 5, outs: [4, 2], seed: 7)
    try trainStep(model, [[2, 3, 4], [5, 6]])
    model.labelNames = ["neg", "pos"]
    model.history = [
      EpochRecord(epoch: 1, trainLoss: 0.5, trainAccuracy: 0.75, validationLoss: nil, validationAccuracy: 0.7)
    ]
    model.trainingSettings = ["lr": "0.002", "epochs": "1"]
    model.transferredFrom = "lm"
    model.vocabulary?.sources = ["amazon", "yelp.train"]
    for (_, p) in model.network.layers[0].layer.parameters { p.frozen = true }
    return model
  }

  @Test func roundTripRestoresEverythingAndIdenticalOutputs() throws {
    let model = try trainedModel()
    let bytes = Checkpoint.encode(model, registry: toyRegistry())
    let loaded = try Checkpoint.decode(bytes, registry: toyRegistry())
    let ids: [[Int32]] = [[2, 3, 4], [6, 1], [5]]
    #expect(try logits(loaded, ids) == logits(model, ids))
    #expect(loaded.vocabulary == model.vocabulary)
    #expect(loaded.vocabulary?.sources == ["amazon", "yelp.train"])
    #expect(loaded.labelNames == ["neg", "pos"])
    #expect(loaded.history == model.history)
    #expect(loaded.trainingSettings == model.trainingSettings)
    #expect(loaded.transferredFrom == "lm")
    #expect(loaded.network.spec == model.network.spec)
    #expect(loaded.network.parameters.map(\.1.frozen) == model.network.parameters.map(\.1.frozen))
    #expect(Checkpoint.encode(loaded, registry: toyRegistry()) == bytes)
  }

  @Test func saveWritesAtomicallyAndLoadReadsTheFile() throws {
    let model = try trainedModel()
    let path = "/tmp/transfer-tests-\(getpidValue())-roundtrip.safetensors"
    try Checkpoint.save(model, registry: toyRegistry(), to: path)
    let loaded = try Checkpoint.load(from: path, registry: toyRegistry())
    #expect(try logits(loaded, [[2, 4]]) == logits(model, [[2, 4]]))
    #expect(throws: TransferError.self) {
      try Checkpoint.save(model, registry: toyRegistry(), to: "/nonexistent-folder/x.safetensors")
    }
  }

  @Test func extraMetadataIsStoredAndCheckedBeforeTheModelIsBuilt() throws {
    let requirement = "fancy\tfancy@1.0\t/opt/plugins/libfancy.so"
    let bytes = Checkpoint.encode(try trainedModel(), registry: toyRegistry(), extra: ["repl.plugins": requirement])
    var seen: [String: String] = [:]
    _ = try Checkpoint.decode(bytes, registry: toyRegistry()) { seen = $0 }
    #expect(seen["repl.plugins"] == requirement)
    #expect(seen["format"] == Checkpoint.formatName)
    let refused = #expect(throws: TransferError.self) {
      try Checkpoint.decode(bytes, registry: toyRegistry()) { _ in throw TransferError("plugin fancy@1.0 is not loaded")
      }
    }
    #expect(refused?.message == "plugin fancy@1.0 is not loaded")
  }

  @Test func headerIsStandardSafetensors() throws {
    let bytes = Checkpoint.encode(try trainedModel(), registry: toyRegistry())
    let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
    let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    #expect(length % 8 == 0)
    #expect(header.contains("\"embedding.weight\":{\"dtype\":\"F32\",\"shape\":[7,5],\"data_offsets\":[0,140]}"))
    #expect(header.contains("\"__metadata__\":{"))
    #expect(header.contains("\"format_version\":\"1\""))
  }

  /// Decoding `bytes` fails with a one-line message containing `fragment`.
  func expectFailure(
    _ bytes: [UInt8], _ fragment: String, registry: LayerRegistry = toyRegistry(),
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try Checkpoint.decode(bytes, registry: registry)
      Issue.record("decoding succeeded; expected an error containing '\(fragment)'", sourceLocation: sourceLocation)
    } catch {
      #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
      #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
    }
  }

  /// A file with a hand-written header and `data` bytes.
  func handMade(_ header: String, data: Int) -> [UInt8] {
    var h = Array(header.utf8)
    while h.count % 8 != 0 { h.append(0x20) }
    return (0..<8).map { UInt8(truncatingIfNeeded: h.count >> (8 * $0)) } + h + [UInt8](repeating: 0, count: data)
  }

  @Test func corruptFilesAreClearErrors() throws {
    let good = Checkpoint.encode(try trainedModel(), registry: toyRegistry())
    expectFailure([1, 2, 3], "shorter than the 8-byte header")
    expectFailure(Array(good.prefix(good.count - 10)), "truncated")
    expectFailure(Array(good.prefix(40)), "truncated")
    var flipped = good
    flipped[flipped.count - 3] ^= 0x40
    expectFailure(flipped, "checksum")
    var huge = good
    for i in 0..<8 { huge[i] = i == 4 ? 0x10 : 0 }
    expectFailure(huge, "exceeds the")
    var garbled = good
    garbled[9] = UInt8(ascii: "!")
    expectFailure(garbled, "not a JSON object")
    let meta = "\"__metadata__\":{\"format\":\"repl-checkpoint\",\"format_version\":\"1\"}"
    expectFailure(
      handMade("{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", data: 4), "dtype 'BF16'")
    expectFailure(
      handMade(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
        data: 12), "overlaps")
    expectFailure(
      handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", data: 8), "ends at byte 16")
    expectFailure(
      handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: 8), "data_offsets [0, 8]")
    expectFailure(
      handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: 8), "not a repl checkpoint")
    let meta9 = "\"__metadata__\":{\"format\":\"repl-checkpoint\",\"format_version\":\"9\"}"
    expectFailure(handMade("{\(meta9)}", data: 0), "format version 9 is not supported")
    expectFailure(handMade("{\(meta)}", data: 0), "'layers' is missing")
  }

  @Test func unknownLayerTypeNamesThePlugin() throws {
    let registry = toyRegistry(withPlugin: true)
    let model = try toyModel(words: words, outs: [3], registry: registry, extra: [LayerSpec(type: "fancy")])
    let bytes = Checkpoint.encode(model, registry: registry)
    expectFailure(bytes, "from plugin /opt/plugins/libfancy.so, which is not loaded")
    #expect(try logits(Checkpoint.decode(bytes, registry: registry), [[2]]) == logits(model, [[2]]))
  }

  @Test func mismatchedTensorsAreErrors() throws {
    let model = try trainedModel()
    var file = try SafetensorsFile.decode(Checkpoint.encode(model, registry: toyRegistry()))
    file.tensors.removeLast()
    file.metadata["checksum"] = Checkpoint.checksum(of: file.tensors)
    expectFailure(file.encoded(), "missing tensor 'dense2.bias'")
  }
}

#if canImport(Glibc)
  import Glibc
  func getpidValue() -> Int32 { getpid() }
#endif
