import BuiltinLayers
import Foundation
import LayerKit
import Testing
import TextData
import Training

@testable import Transfer

/// Loads our checkpoint with Python's `safetensors` package, rebuilds the network in NumPy
/// (scripts/check_checkpoint.py) and compares its logits with ours. Set CHECKPOINT_PYTHON to pick
/// the interpreter (default `python3`); without safetensors/numpy the test says loudly it is skipped.
@Suite("Checkpoint cross-check with Python")
struct PythonCrossCheckTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The richest spec the built-in layers can build now (LSTM when it is implemented).
  func model() throws -> TextModel {
    let registry = LayerRegistry(BuiltinLayers.all)
    let candidates: [[LayerSpec]] = [
      [.init(type: "embedding", options: [.init("dim", "8")]), .init(type: "lstm", options: [.init("hidden", "6")]),
       .init(type: "pool", options: [.init("mode", "last")]), .init(type: "dense", options: [.init("out", "3")])],
      [.init(type: "embedding", options: [.init("dim", "8")]), .init(type: "pool", options: [.init("mode", "mean")]),
       .init(type: "dense", options: [.init("out", "5"), .init("activation", "tanh")]), .init(type: "dense", options: [.init("out", "3")])],
    ]
    let vocabulary = Vocabulary(words: (0..<30).map { "w\($0)" }, settings: TokenizerSettings())
    for layers in candidates {
      if let network = try? Network(spec: ModelSpec(layers: layers), registry: registry, input: .tokens(vocabulary: vocabulary.count), seed: 11) {
        return TextModel(network: network, vocabulary: vocabulary, seed: 11)
      }
    }
    throw TransferError("no candidate spec builds with the built-in layers")
  }

  @Test func numpyRebuildGivesTheSameLogits() throws {
    let model = try model()
    let sequences: [[Int32]] = [[2, 3, 4, 5], [6, 7], [30, 1, 9]]
    let time = 4
    var tokens: [Int32] = []
    for s in sequences { tokens += s + [Int32](repeating: 0, count: time - s.count) }
    let input = Activation(tokens: tokens, batch: sequences.count, time: time, lengths: sequences.map(\.count))
    let ours = try model.network.forward(input, context: LayerContext(training: false)).values.data
    let path = NSTemporaryDirectory() + "transfer-crosscheck-\(ProcessInfo.processInfo.processIdentifier).safetensors"
    try Checkpoint.save(model, registry: LayerRegistry(BuiltinLayers.all), to: path)
    defer { try? FileManager.default.removeItem(atPath: path) }

    let python = ProcessInfo.processInfo.environment["CHECKPOINT_PYTHON"] ?? "python3"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let ids = sequences.map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";")
    process.arguments = [python, Self.packageRoot.appendingPathComponent("scripts/check_checkpoint.py").path, path, "--ids", ids]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus == 3 {
      print("SKIPPED: checkpoint cross-check with Python — \(String(decoding: output, as: UTF8.self)) (pip install safetensors numpy)")
      return
    }
    #expect(process.terminationStatus == 0)
    struct Result: Decodable {
      var spec: String
      var logits: [[Double]]
    }
    let result = try JSONDecoder().decode(Result.self, from: output)
    #expect(result.spec == model.network.spec.text)
    let theirs = result.logits.flatMap { $0 }
    #expect(theirs.count == ours.count)
    for (a, b) in zip(ours, theirs) { #expect(abs(Double(a) - b) < 1e-4, "ours \(a), numpy \(b)") }
    print("checkpoint cross-check: \(model.network.spec.text): \(ours.count) logits agree with NumPy within 1e-4")
  }
}
