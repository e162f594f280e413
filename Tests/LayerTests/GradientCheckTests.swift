import Foundation
import LayerKit
import ReplTestSupport
import TensorCore
import Testing

/// Finite-difference gradient checks of every built-in layer this area owns, on padded
/// variable-length batches, for every parameter and the input.
@Suite struct GradientCheckTests {
  /// One layer configuration to check.
  struct Case: CustomStringConvertible, Sendable {
    var type: String
    var options: [(String, String)]
    /// `nil` = token input; otherwise the sequence (or vector) width.
    var features: Int?
    var vector = false
    var training = false
    var margin: Float = 0
    var distinct = false
    var description: String {
      "\(type) \(options.map { "\($0.0)=\($0.1)" }.joined(separator: " "))\(training ? " (training)" : "")"
    }
  }

  static let lengths = [5, 2, 4]
  static let time = 5

  static let cases: [Case] = [
    Case(type: "embedding", options: [("dim", "6")], features: nil),
    Case(type: "dense", options: [("out", "4")], features: 5, vector: true),
    Case(type: "dense", options: [("out", "3"), ("activation", "tanh")], features: 5, vector: true),
    Case(type: "dense", options: [("out", "3"), ("activation", "sigmoid")], features: 5),
    Case(type: "dense", options: [("out", "3"), ("activation", "relu")], features: 5, vector: true, margin: 0.1),
    Case(type: "relu", options: [], features: 4, margin: 0.05),
    Case(type: "tanh", options: [], features: 4),
    Case(type: "tanh", options: [], features: 4, vector: true),
    Case(type: "dropout", options: [("p", "0.3")], features: 4, training: true),
    Case(type: "dropout", options: [("p", "0.3")], features: 4),
    Case(type: "pool", options: [("mode", "last")], features: 3),
    Case(type: "pool", options: [("mode", "mean")], features: 3),
    Case(type: "pool", options: [("mode", "max")], features: 3, distinct: true),
    Case(type: "pool", options: [("mode", "concat")], features: 3, distinct: true),
    Case(type: "pool", options: [("mode", "cls")], features: 3),
    Case(type: "transformer", options: [("heads", "2"), ("ff", "12")], features: 8),
    Case(type: "transformer", options: [("heads", "2"), ("ff", "12"), ("positions", "sinusoidal")], features: 8),
    Case(type: "transformer", options: [("heads", "2"), ("ff", "12"), ("positions", "none")], features: 8),
    Case(
      type: "transformer", options: [("heads", "2"), ("ff", "12"), ("dropout", "0.2")], features: 8, training: true),
    Case(type: "adaptive", options: [("cutoffs", "3,6"), ("div_value", "2"), ("out", "9")], features: 8),
    Case(
      type: "adaptive", options: [("cutoffs", "2,4,7"), ("div_value", "1.5"), ("out", "10"), ("head_bias", "yes")],
      features: 6),
  ]

  @Test(arguments: cases)
  func gradientsMatchFiniteDifferences(_ c: Case) throws {
    let input: Activation
    let shape: FeatureShape
    if let f = c.features {
      let seq = GradientCheck.randomSequence(
        lengths: Self.lengths, time: Self.time, features: f, margin: c.margin, distinct: c.distinct)
      if c.vector {
        input = Activation(
          values: seq.values.reshaped([Self.lengths.count * Self.time, f]),
          lengths: [Int](repeating: 1, count: Self.lengths.count * Self.time))
        shape = .vector(f)
      } else {
        input = seq
        shape = .sequence(f)
      }
    } else {
      input = GradientCheck.randomTokens(lengths: Self.lengths, time: Self.time, vocabulary: 7)
      shape = .tokens(vocabulary: 7)
    }
    let layer = try LayerTestSupport.build(c.type, c.options, input: shape)
    let result = try GradientCheck.check(layer, input: input, training: c.training, epsilon: 1e-2)
    for (key, error) in result.errors {
      #expect(error < 2e-3, "\(c): \(key) max error \(error)")
    }
    #expect(result.errors.count == layer.parameters.count + (c.features == nil ? 0 : 1))
    #expect(result.paddingOutputMax == 0, "\(c): nonzero output at padding")
    #expect(result.paddingInputGradientMax == 0, "\(c): nonzero input gradient at padding")
  }

  /// Every registered built-in type has a finite-difference check here or in the recurrent and BERT
  /// suites, so a new layer cannot be added without one.
  @Test func everyBuiltinTypeHasAGradientCheck() {
    let covered = Set(
      Self.cases.map(\.type) + RecurrentGradientTests.cases.map(\.type) + BertGradientTests.checkedTypes)
    for type in LayerTestSupport.registry.types {
      #expect(covered.contains(type.name), "no finite-difference gradient check for '\(type.name)'")
    }
  }

  /// The plugin folders (Package.swift makes one target of each) are exactly the modules
  /// BuiltinLayers.swift imports to register, so a layer folder cannot be left unregistered.
  @Test func everyPluginFolderIsRegistered() throws {
    let root = URL(fileURLWithPath: TestPaths.packageRoot)
    let support: Set<String> = ["BuiltinLayers", "Recurrent", "RecurrentKernels", "include", "examples"]
    let folders = try FileManager.default.contentsOfDirectory(atPath: root.path + "/plugins")
      .filter { !support.contains($0) && !$0.hasPrefix(".") }
    let registry = try String(contentsOfFile: root.path + "/plugins/BuiltinLayers/BuiltinLayers.swift", encoding: .utf8)
    let imports = registry.split(separator: "\n").filter { $0.hasPrefix("import ") }.map { String($0.dropFirst(7)) }
    #expect(
      Set(folders) == Set(imports).subtracting(["LayerKit"]), "plugin folders \(folders.sorted()) vs imports \(imports)"
    )
  }

  /// The checker itself must catch a wrong backward pass.
  @Test func checkerCatchesAWrongGradient() throws {
    let layer = try LayerTestSupport.build("dense", [("out", "2")], input: .vector(3))
    let broken = BrokenLayer(wrapping: layer)
    let input = Activation(
      values: GradientCheck.randomSequence(lengths: [1, 1], time: 1, features: 3).values
        .reshaped([2, 3]), lengths: [1, 1])
    let result = try GradientCheck.check(broken, input: input)
    #expect(result.maxError("weight")! > 0.01)
    #expect(result.maxError("input")! > 0.01)
  }
}

/// A layer whose backward pass doubles every gradient: the checker must flag it.
final class BrokenLayer: Layer {
  let inner: any Layer
  init(wrapping inner: any Layer) { self.inner = inner }
  var typeName: String { inner.typeName }
  var inputShape: FeatureShape { inner.inputShape }
  var outputShape: FeatureShape { inner.outputShape }
  var parameters: [(String, Parameter)] { inner.parameters }
  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    try inner.forward(input, context: context)
  }
  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    var g = gradOutput
    for i in 0..<g.count { g.data[i] *= 2 }
    return try inner.backward(g, context: context)
  }
}

/// A whole network seen as one layer, so the checker covers composition and `Network.backward`.
final class NetworkLayer: Layer {
  let network: Network
  init(_ network: Network) { self.network = network }
  var typeName: String { "network" }
  var inputShape: FeatureShape { network.inputShape }
  var outputShape: FeatureShape { network.outputShape }
  var parameters: [(String, Parameter)] { network.parameters }
  func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    try network.forward(input, context: context)
  }
  func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    try network.backward(gradOutput, context: context)
    return Tensor(shape: [0])
  }
}

@Suite struct NetworkGradientTests {
  @Test(arguments: [
    "embedding dim=8 | transformer heads=2 ff=8 | pool concat | dense out=5 activation=tanh | dense out=3",
    "embedding dim=6 | tanh | dropout p=0.2 | pool mean | dense out=2",
    "embedding dim=6 | transformer heads=3 ff=6 | dense out=vocab",
  ])
  func composedNetworksHaveExactGradients(_ text: String) throws {
    let layers = text.split(separator: "|").map { segment in
      let words = segment.split(separator: " ").map(String.init)
      return LayerSpec(
        type: words[0],
        options: words.dropFirst().map {
          let kv = $0.split(separator: "=").map(String.init)
          return kv.count == 2 ? LayerSpec.Pair(kv[0], kv[1]) : LayerSpec.Pair("", $0)
        })
    }
    let network = try ModelBuilder.network(
      ModelSpec(layers: layers), registry: LayerTestSupport.registry, vocabularySize: 9, seed: 4)
    let input = GradientCheck.randomTokens(lengths: [4, 1, 3], time: 4, vocabulary: 9)
    let result = try GradientCheck.check(NetworkLayer(network), input: input, training: true, maxElements: 40)
    #expect(result.errors.count == network.parameters.count)
    // Looser than the per-layer bound: N(0, 1) embeddings feed larger values into the relu of the
    // feed-forward block, so Float32 rounding and kinks weigh more in the finite differences.
    for (key, error) in result.errors { #expect(error < 5e-3, "\(key): \(error)") }
    #expect(result.paddingOutputMax == 0)
  }
}
