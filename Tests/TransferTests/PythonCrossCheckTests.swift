import BuiltinLayers
import Foundation
import LayerKit
import ReplTestSupport
import Testing
import TextData
import Training

@testable import Transfer

/// Loads our checkpoint with Python's `safetensors` package, rebuilds the network in NumPy
/// (scripts/check_checkpoint.py) and compares its logits with ours. Set CHECKPOINT_PYTHON to pick
/// the interpreter (default `python3`); without safetensors/numpy the test is reported as skipped.
@Suite("Checkpoint cross-check with Python")
struct PythonCrossCheckTests {
  /// Every candidate spec the built-in layers can build now (recurrent ones once implemented).
  func models() -> [TextModel] {
    let registry = LayerRegistry(BuiltinLayers.all)
    func spec(_ text: String) -> ModelSpec {
      ModelSpec(
        layers: text.split(separator: "|").map { part in
          let words = part.split(separator: " ").map(String.init)
          return LayerSpec(
            type: words[0],
            options: words.dropFirst().map { w in
              let kv = w.split(separator: "=", maxSplits: 1).map(String.init)
              return LayerSpec.Pair(kv[0], kv.count > 1 ? kv[1] : "")
            })
        })
    }
    let candidates = [
      "embedding dim=8 | lstm hidden=6 | pool mode=last | dense out=3",
      "embedding dim=8 | lstm hidden=5 layers=2 bidirectional=yes | pool mode=concat | dense out=3",
      "embedding dim=8 | gru hidden=6 | pool mode=max | dense out=3",
      "embedding dim=8 | pool mode=mean | dense out=5 activation=tanh | dense out=3",
    ]
    let vocabulary = Vocabulary(words: (0..<30).map { "w\($0)" }, settings: TokenizerSettings())
    return candidates.compactMap { text in
      guard
        let network = try? Network(
          spec: spec(text), registry: registry, input: .tokens(vocabulary: vocabulary.count), seed: 11)
      else { return nil }
      return TextModel(network: network, vocabulary: vocabulary, seed: 11)
    }
  }

  @Test(
    .enabled(if: TestConditions.hasNumpy, "needs python3 with safetensors and numpy (pip install safetensors numpy)"))
  func numpyRebuildGivesTheSameLogits() throws {
    let models = models()
    #expect(!models.isEmpty)
    for model in models { try check(model) }
  }

  func check(_ model: TextModel) throws {
    let sequences: [[Int32]] = [[2, 3, 4, 5], [6, 7], [30, 1, 9]]
    let time = 4
    var tokens: [Int32] = []
    for s in sequences { tokens += s + [Int32](repeating: 0, count: time - s.count) }
    let input = Activation(tokens: tokens, batch: sequences.count, time: time, lengths: sequences.map(\.count))
    let ours = try model.network.forward(input, context: LayerContext(training: false)).values.data
    let path = NSTemporaryDirectory() + "transfer-crosscheck-\(ProcessInfo.processInfo.processIdentifier).safetensors"
    try Checkpoint.save(model, registry: LayerRegistry(BuiltinLayers.all), to: path)
    defer { try? FileManager.default.removeItem(atPath: path) }

    let ids = sequences.map { $0.map(String.init).joined(separator: ",") }.joined(separator: ";")
    let run = try TestProcess.run(
      TestConditions.checkpointPython, [TestPaths.inPackage("scripts/check_checkpoint.py"), path, "--ids", ids])
    try #require(run.status == 0, "check_checkpoint.py: \(run.out) \(run.err)")
    struct Result: Decodable {
      var spec: String
      var logits: [[Double]]
    }
    let result = try JSONDecoder().decode(Result.self, from: Data(run.out.utf8))
    #expect(result.spec == model.network.spec.text)
    let theirs = result.logits.flatMap { $0 }
    #expect(theirs.count == ours.count)
    for (a, b) in zip(ours, theirs) { #expect(abs(Double(a) - b) < 1e-4, "ours \(a), numpy \(b)") }
    print("checkpoint cross-check: \(model.network.spec.text): \(ours.count) logits agree with NumPy within 1e-4")
  }
}
