import Foundation
import LayerKit
import ReplTestSupport
import TensorCore

/// One PyTorch parity fixture written by scripts/make-parity-fixtures.py.
struct ParityFixture: Decodable {
  /// A tensor as stored in the JSON: shape plus row-major values.
  struct TensorJSON: Decodable {
    var shape: [Int]
    var values: [Float]
    var tensor: Tensor { Tensor(shape: shape, data: values) }
  }

  /// Token ids with their shape.
  struct TokensJSON: Decodable {
    var shape: [Int]
    var values: [Int32]
  }

  /// A target-scoring layer's training loss (`AdaptiveLogSoftmaxWithLoss.forward`) on the real
  /// positions of the batch: per-row target log-probabilities, the mean loss, how many targets
  /// `predict` gets right, and the gradients of the loss.
  struct TargetLossJSON: Decodable {
    var targets: [Int32]
    var output: TensorJSON
    var loss: Double
    var correct: Int
    var gradParameters: [String: TensorJSON]
    var gradInput: TensorJSON

    enum CodingKeys: String, CodingKey {
      case targets, output, loss, correct
      case gradParameters = "grad_parameters"
      case gradInput = "grad_input"
    }
  }

  var name: String
  var type: String
  var options: [String: String]
  var training: Bool
  /// `{"tokens": V}`, `{"sequence": F}` or `{"vector": F}`.
  var inputShape: [String: Int]
  var lengths: [Int]
  var parameters: [String: TensorJSON]
  var output: TensorJSON
  var gradOutput: TensorJSON
  var gradParameters: [String: TensorJSON]
  var tokens: TokensJSON?
  var input: TensorJSON?
  var gradInput: TensorJSON?
  var targetLoss: TargetLossJSON?

  enum CodingKeys: String, CodingKey {
    case name, type, options, training, lengths, parameters, output, tokens, input
    case targetLoss = "target_loss"
    case inputShape = "input_shape"
    case gradOutput = "grad_output"
    case gradParameters = "grad_parameters"
    case gradInput = "grad_input"
  }

  /// The directory the fixtures live in.
  static var directory: String { TestPaths.inPackage("Tests/LayerTests/Fixtures") }

  /// Every fixture file name (without `.json`), sorted.
  static func names() -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// Reads the fixture called `name`.
  static func load(_ name: String) throws -> ParityFixture {
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name + ".json"))
    return try JSONDecoder().decode(ParityFixture.self, from: data)
  }

  /// The layer's input shape.
  var featureShape: FeatureShape {
    if let v = inputShape["tokens"] { return .tokens(vocabulary: v) }
    if let f = inputShape["sequence"] { return .sequence(f) }
    return .vector(inputShape["vector"] ?? 0)
  }

  /// The input batch.
  var activation: Activation {
    if let tokens {
      return Activation(tokens: tokens.values, batch: tokens.shape[0], time: tokens.shape[1], lengths: lengths)
    }
    let values = input?.tensor ?? Tensor(shape: [0])
    return Activation(
      values: values, lengths: values.shape.count == 3 ? lengths : [Int](repeating: 1, count: values.shape[0]))
  }
}

/// The one generic parity runner: builds any layer type through the registry with the fixture's
/// options, sets its parameters by key, runs forward and backward, and reports every mismatch.
enum ParityRunner {
  /// The tolerance: `|swift − torch| ≤ 1e-4 · max(1, |torch|)`.
  static let tolerance: Float = 1e-4

  /// Runs `fixture` and returns one line per problem (empty when everything matches).
  static func run(_ fixture: ParityFixture) throws -> [String] {
    let layer = try LayerTestSupport.build(
      fixture.type, fixture.options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, input: fixture.featureShape)
    var problems: [String] = []
    let keys = Set(layer.parameters.map(\.0))
    if keys != Set(fixture.parameters.keys) {
      problems.append("parameter keys differ: swift \(keys.sorted()), torch \(fixture.parameters.keys.sorted())")
      return problems
    }
    for (key, p) in layer.parameters {
      guard let value = fixture.parameters[key]?.tensor else { continue }
      if value.shape != p.value.shape {
        problems.append("\(key): shape \(p.value.shape), torch \(value.shape)")
        continue
      }
      p.value = value
      p.zeroGrad()
    }
    if !problems.isEmpty { return problems }
    let context = LayerContext(training: fixture.training)
    let output = try layer.forward(fixture.activation, context: context)
    problems += compare("output", output.values, fixture.output.tensor)
    let gradInput = try layer.backward(fixture.gradOutput.tensor, context: context)
    if let expected = fixture.gradInput { problems += compare("input gradient", gradInput, expected.tensor) }
    for (key, p) in layer.parameters {
      if let expected = fixture.gradParameters[key] { problems += compare("\(key) gradient", p.grad, expected.tensor) }
    }
    if let expected = fixture.targetLoss {
      problems += try runTargetLoss(layer, fixture, expected, logProb: output.values)
    }
    return problems
  }

  /// The training loss of a target-scoring layer against PyTorch's `forward`: the loss, the
  /// target log-probabilities (read from the full log-probabilities), the arg-max count and the
  /// gradients.
  static func runTargetLoss(
    _ layer: any Layer, _ fixture: ParityFixture, _ expected: ParityFixture.TargetLossJSON, logProb: Tensor
  ) throws -> [String] {
    guard let scorer = layer as? any TargetLossLayer else { return ["'\(fixture.type)' does not score targets"] }
    let input = fixture.activation
    var rows: [(row: Int, target: Int32)] = []
    for b in 0..<input.batch {
      for t in 0..<input.lengths[b] { rows.append((b * input.time + t, expected.targets[b * input.time + t])) }
    }
    for (_, p) in layer.parameters { p.zeroGrad() }
    let context = LayerContext(training: true)
    let result = try scorer.targetLoss(input, rows: rows, context: context)
    var problems: [String] = []
    if abs(result.loss - expected.loss) > Double(tolerance) * max(1, abs(expected.loss)) {
      problems.append("target loss \(result.loss), torch \(expected.loss)")
    }
    if result.correct != expected.correct { problems.append("correct \(result.correct), torch \(expected.correct)") }
    let width = logProb.shape.last ?? 1
    let picked = Tensor(shape: [rows.count], data: rows.map { logProb.data[$0.row * width + Int($0.target)] })
    problems += compare("target log-probabilities", picked, expected.output.tensor)
    problems += compare(
      "target-loss input gradient", try scorer.backwardTargetLoss(context: context), expected.gradInput.tensor)
    for (key, p) in layer.parameters {
      if let grad = expected.gradParameters[key] {
        problems += compare("target-loss \(key) gradient", p.grad, grad.tensor)
      }
    }
    return problems
  }

  /// A line describing the worst mismatch between `actual` and `expected`, if any.
  static func compare(_ what: String, _ actual: Tensor, _ expected: Tensor) -> [String] {
    guard actual.shape == expected.shape else { return ["\(what): shape \(actual.shape), torch \(expected.shape)"] }
    var worst: (index: Int, excess: Float)?
    for i in 0..<actual.count {
      let diff = abs(actual.data[i] - expected.data[i])
      let excess = diff / max(1, abs(expected.data[i]))
      if !(excess <= tolerance) && excess > (worst?.excess ?? -1) || excess.isNaN {
        worst = (i, excess.isNaN ? .infinity : excess)
      }
    }
    guard let worst else { return [] }
    return ["\(what): element \(worst.index) is \(actual.data[worst.index]), torch \(expected.data[worst.index])"]
  }
}
