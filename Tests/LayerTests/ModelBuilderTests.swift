import LayerKit
import Testing

/// Model specs: building, shorthand, `out=vocab`, and every kind of bad input with its message.
@Suite struct ModelBuilderTests {
  static func spec(_ layers: [(String, [(String, String)])]) -> ModelSpec {
    ModelSpec(layers: layers.map { LayerSpec(type: $0.0, options: $0.1.map { LayerSpec.Pair($0.0, $0.1) }) })
  }

  static func build(_ layers: [(String, [(String, String)])], vocabulary: Int = 50) throws(LayerError) -> Network {
    try ModelBuilder.network(spec(layers), registry: LayerTestSupport.registry, vocabularySize: vocabulary, seed: 1)
  }

  /// The error message building `layers` gives (empty when it succeeds).
  static func failure(_ layers: [(String, [(String, String)])], vocabulary: Int = 50) -> String {
    do {
      _ = try build(layers, vocabulary: vocabulary)
      return ""
    } catch { return error.message }
  }

  @Test func buildsAClassifierWithShapesAndKeys() throws {
    let net = try Self.build([
      ("embedding", [("dim", "8")]), ("transformer", [("heads", "2")]), ("pool", [("", "mean")]),
      ("dense", [("out", "3"), ("activation", "relu")]), ("dense", [("out", "2")]),
    ])
    #expect(net.layers.map(\.name) == ["embedding", "transformer", "pool", "dense", "dense2"])
    #expect(net.outputShape == .vector(2))
    #expect(net.parameters.first?.0 == "embedding.weight")
    #expect(net.parameters.contains { $0.0 == "transformer.self_attn.in_proj_weight" })
    #expect(net.spec.layers[2].options == [LayerSpec.Pair("mode", "mean")])
    #expect(net.parameterCount == 50 * 8 + (8 * 24 + 24 + 64 + 8 + 32 * 8 + 32 + 32 * 8 + 8 + 4 * 8 + 512 * 8) + 27 + 8)
  }

  @Test func denseOutVocabIsALanguageModelHead() throws {
    let net = try Self.build([("embedding", [("dim", "4")]), ("dense", [("out", "vocab")])], vocabulary: 37)
    #expect(net.outputShape == .sequence(37))
    #expect(net.spec.text == "embedding dim=4 | dense out=37")
  }

  @Test func embeddingPaddingRowStartsAtZero() throws {
    let net = try Self.build([("embedding", [("dim", "4")])])
    let weight = try #require(net.parameters.first?.1)
    #expect(weight.value.data[0..<4].allSatisfy { $0 == 0 })
    #expect(weight.value.data[4..<8].contains { $0 != 0 })
  }

  @Test(
    arguments: [
      (
        [("embeding", [(String, String)]())],
        "layer 1 (embeding): unknown layer type 'embeding' (did you mean 'embedding'?)"
      ),
      ([("embedding", [("dims", "8")])], "layer 1 (embedding): unknown option 'dims=' (did you mean 'dim='?)"),
      ([("embedding", [("dim", "big")])], "layer 1 (embedding): option 'dim=' expects a whole number, got 'big'"),
      ([("embedding", [("dim", "0")])], "layer 1 (embedding): option 'dim=' expects a whole number ≥ 1, got '0'"),
      (
        [("embedding", []), ("dense", [("out", "-2")])],
        "layer 2 (dense): option 'out=' expects a whole number ≥ 1, got '-2'"
      ),
      (
        [("embedding", []), ("pool", [("", "avg")])],
        "layer 2 (pool): option 'mode=' must be one of last, mean, max, concat, cls, got 'avg'"
      ),
      (
        [("embedding", []), ("relu", [("", "fast")])],
        "layer 2 (relu): 'fast' is not an option; 'relu' takes no options"
      ),
      ([("embedding", []), ("dense", [])], "layer 2 (dense): missing option 'out='"),
      (
        [("embedding", [("dim", "16")]), ("transformer", []), ("dense", [("out", "2")]), ("dense", [("out", "2")])],
        "layer 3 (dense): input is a sequence (T×16); add 'pool last|mean|max|concat' before it, or use it as the last layer of a language model"
      ),
      ([("dense", [("out", "2")])], "layer 1 (dense): input is token ids; put an 'embedding' layer before 'dense'"),
      (
        [("embedding", []), ("pool", []), ("pool", [])],
        "layer 3 (pool): input is already a vector (64); 'pool' needs a sequence"
      ),
      (
        [("embedding", [("dim", "10")]), ("transformer", [("heads", "4")])],
        "layer 2 (transformer): option 'heads=' must divide the input width 10, got 4 (try heads=5)"
      ),
      (
        [("embedding", [("dim", "4000000000")])],
        "layer 1 (embedding): option 'dim=' needs more parameters than fit in memory (over 1073741824 values); use a smaller 'dim='"
      ),
      ([("embedding", []), ("dropout", [("p", "1.5")])], "layer 2 (dropout): option 'p=' must be in [0, 1), got 1.5"),
    ] as [([(String, [(String, String)])], String)])
  func badSpecsFailWithOneLineNamingLayerAndOption(_ layers: [(String, [(String, String)])], _ message: String) {
    #expect(Self.failure(layers) == message)
  }

  @Test func hugeVocabularyTimesDimIsRefusedBeforeAllocating() {
    let message = Self.failure([("embedding", [("dim", "1024")])], vocabulary: 10_000_000)
    #expect(message.hasPrefix("layer 1 (embedding): option 'dim=' needs more parameters than fit in memory"))
  }

  @Test func theWholeModelMustFitToo() {
    let spec = Self.spec([("embedding", [("dim", "10")]), ("dense", [("out", "50")])])
    #expect(throws: Never.self) {
      try Network(
        spec: spec, registry: LayerTestSupport.registry, input: .tokens(vocabulary: 50), seed: 1, parameterLimit: 1050)
    }
    do {
      _ = try Network(
        spec: spec, registry: LayerTestSupport.registry, input: .tokens(vocabulary: 50), seed: 1, parameterLimit: 1049)
      Issue.record("expected the limit to be enforced")
    } catch {
      #expect(
        error.message
          == "layer 2 (dense): the model would have 1050 parameters, more than fit in memory; use smaller sizes")
    }
  }

  @Test func copyIsIndependentAndKeepsFrozenFlags() throws {
    let net = try Self.build([("embedding", [("dim", "4")]), ("pool", [("", "max")]), ("dense", [("out", "2")])])
    net.parameters[0].1.frozen = true
    let copy = try net.copy(registry: LayerTestSupport.registry)
    #expect(copy.parameters.map(\.0) == net.parameters.map(\.0))
    for ((_, a), (_, b)) in zip(net.parameters, copy.parameters) {
      #expect(a !== b)
      #expect(a.value == b.value)
      #expect(a.frozen == b.frozen)
    }
    copy.parameters[2].1.value.data[0] += 1
    #expect(copy.parameters[2].1.value != net.parameters[2].1.value)
    #expect(copy.trainableParameters.count == net.parameters.count - 1)
  }
}
