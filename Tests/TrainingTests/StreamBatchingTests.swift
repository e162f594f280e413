import LayerKit
import Schema
import TensorCore
import Testing
import TextData

@testable import Training

/// AWD-LSTM batching: contiguous streams, varied window lengths, state carried by the loop.
@Suite struct StreamBatchingTests {
  /// Ten texts of distinct lengths, every id recognisable by its text and position.
  static func corpus() -> Dataset {
    let texts = (0..<10).map { i in Array(repeating: Fixture.words[i % 12], count: 3 + i).joined(separator: " ") }
    return Dataset(examples: texts.map { Example(text: $0, label: nil) }, labelNames: [], source: "")
  }

  static func encoded() -> EncodedData {
    EncodedData(languageModel: corpus(), vocabulary: Fixture.vocabulary)
  }

  /// Row `r` of every batch, joined: each row of the pass read in order.
  static func rows(_ batches: [StepBatch]) -> [[Int32]] {
    let rows = batches.first?.input.batch ?? 0
    return (0..<rows).map { r in
      batches.flatMap { b in b.input.tokens[(r * b.input.time)..<((r + 1) * b.input.time)] }
    }
  }

  @Test func fixedWindowsReadContiguousStreams() {
    let data = Self.encoded()
    let batches = data.batches(size: 4, maxlen: 0, bptt: 5, streams: true, rng: nil)
    let rowLength = (data.stream.count - 1) / 4
    #expect(batches.allSatisfy { $0.input.batch == 4 && $0.input.lengths == Array(repeating: $0.input.time, count: 4) })
    #expect(batches.dropLast().allSatisfy { $0.input.time == 5 })
    let rows = Self.rows(batches)
    for (r, row) in rows.enumerated() {
      #expect(row == Array(data.stream[(r * rowLength)..<((r + 1) * rowLength)]))
    }
    for b in batches {
      for i in 0..<b.targets.count where (i + 1) % b.input.time != 0 { #expect(b.targets[i] == b.input.tokens[i + 1]) }
    }
    #expect(batches.reduce(0) { $0 + $1.tokens } == 4 * rowLength)
  }

  @Test func trainingWindowsVaryAroundBpttAndShuffleTexts() {
    let data = EncodedData(
      languageModel: Dataset(
        examples: (0..<400).map { Example(text: Fixture.words[$0 % 12] + " film", label: nil) }, labelNames: [],
        source: ""),
      vocabulary: Fixture.vocabulary)
    let batches = data.batches(size: 2, maxlen: 0, bptt: 20, streams: true, rng: RNG(seed: 3))
    let lengths = batches.dropLast().map(\.input.time)
    #expect(Set(lengths).count > 5, "window lengths do not vary: \(lengths)")
    #expect(lengths.allSatisfy { $0 >= 5 })
    let mean = Double(lengths.reduce(0, +)) / Double(lengths.count)
    #expect(mean > 15 && mean < 22, "mean window \(mean)")
    let shuffled = Self.rows(batches).joined()
    #expect(Array(shuffled) != Array(data.stream.prefix(shuffled.count)))
    #expect(
      Self.rows(batches) == Self.rows(data.batches(size: 2, maxlen: 0, bptt: 20, streams: true, rng: RNG(seed: 3))))
  }

  @Test func aShortTextUsesFewerStreams() {
    let data = EncodedData(
      languageModel: Dataset(examples: [Example(text: "good bad", label: nil)], labelNames: [], source: ""),
      vocabulary: Fixture.vocabulary)
    let batches = data.batches(size: 8, maxlen: 0, bptt: 4, streams: true, rng: nil)
    #expect(batches.count == 1 && batches[0].input.batch == 2 && batches[0].input.time == 1)
  }

  @Test(arguments: [true, false])
  func theLoopCarriesStateOnlyWithStreams(_ streams: Bool) throws {
    let spy = StateSpy()
    let model = try Fixture.languageModel(spy: spy)
    var s = TrainingSettings()
    s.task = .lm
    s.epochs = 2
    s.batchSize = 3
    s.bptt = 6
    s.streams = streams
    _ = try Trainer(model: model, name: "lm", settings: s).run(
      train: Self.corpus(), trainName: "c", validation: Self.corpus(), validationName: "v")
    #expect(spy.carries == (streams ? spy.forwards : 0))
    #expect(spy.resets >= 2 * s.epochs)
    if streams { #expect(spy.batchSizes == [3]) }
    #expect(!spy.carrying, "the state is still carried after training")
  }
}

/// An identity layer that records how the loop drives a stateful layer.
final class StateSpy: StatefulLayer, @unchecked Sendable {
  let typeName = "tspy"
  let inputShape = FeatureShape.sequence(8)
  let outputShape = FeatureShape.sequence(8)
  var parameters: [(String, Parameter)] { [] }
  var forwards = 0
  var carries = 0
  var resets = 0
  var carrying = false
  var batchSizes: Set<Int> = []

  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    forwards += 1
    batchSizes.insert(input.batch)
    return input
  }
  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor { gradOutput }
  func carryState() {
    carries += 1
    carrying = true
  }
  func resetState() {
    resets += 1
    carrying = false
  }
}

extension Fixture {
  /// `temb dim=8 | tspy | tdense out=vocab`: a next-token model with a stateful spy.
  static func languageModel(spy: StateSpy) throws -> TextModel {
    var types = registry.types
    types.append(LayerType(name: "tspy", summary: "state spy", options: []) { _, _, _ in spy })
    let spec = ModelSpec(layers: [
      LayerSpec(type: "temb", options: [.init("dim", "8")]), LayerSpec(type: "tspy"),
      LayerSpec(type: "tdense", options: [.init("out", "\(vocabulary.count)")]),
    ])
    let network = try Network(
      spec: spec, registry: LayerRegistry(types), input: .tokens(vocabulary: vocabulary.count), seed: 3)
    return TextModel(network: network, vocabulary: vocabulary, seed: 3)
  }
}
