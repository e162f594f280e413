import Foundation
import ReplTestSupport
import Testing
import TextData
import Training

@testable import Transfer

@Suite("Word vectors, neighbours, skip-gram, similarity")
struct VectorsTests {
  /// A hand-made 2-D vectors set: fruit points one way, vehicles the other.
  let tiny = WordVectors(
    words: ["apple", "pear", "plum", "car", "truck"], dimension: 2,
    values: [1, 0.1, 0.9, 0.2, 0.8, 0.05, -0.1, 1, -0.2, 0.9], source: "hand-made")

  @Test func neighborsByCosine() throws {
    let found = try tiny.neighbors(of: "apple", k: 3)
    #expect(found.map(\.word) == ["plum", "pear", "car"])
    #expect(abs(found[0].similarity - 0.805 / ((1.01 as Double).squareRoot() * (0.6425 as Double).squareRoot())) < 1e-6)
    #expect(try tiny.neighbors(of: "truck", k: 1).map(\.word) == ["car"])
  }

  @Test func unknownWordSuggestsTheNearestSpelling() {
    #expect {
      _ = try tiny.neighbors(of: "aple", k: 2)
    } throws: { "\($0)".contains("nearest spelling: 'apple'") }
  }

  @Test func vectorsTransferCopiesByTokenWithCoverage() throws {
    let model = try toyModel(words: ["pear", "banana", "car"], dim: 2, outs: [2])
    let plan = try TransferPlanner.plan(
      from: tiny, named: "v", to: model, named: "clf", request: TransferRequest(freeze: ["yes"]))
    #expect(plan.coverage?.found == 2)
    #expect(plan.coverage?.total == 5)
    #expect(
      plan.coverageLine
        == "vocabulary: found 2 of 5 target tokens in the source vocabulary (the other 3 get the mean source row)")
    try plan.apply(to: model)
    let w = model.network.parameters[0].1
    let vocabulary = try #require(model.vocabulary)
    let car = Int(vocabulary.id("car"))
    let banana = Int(vocabulary.id("banana"))
    #expect(Array(w.value.data[(car * 2)..<(car * 2 + 2)]) == [-0.1, 1])
    #expect(w.value.data[0] == 0 && w.value.data[1] == 0)
    let meanX = Float((1.0 + 0.9 + 0.8 - 0.1 - 0.2) / 5)
    #expect(abs(w.value.data[banana * 2] - meanX) < 1e-6)
    #expect(w.frozen)
    let back = try WordVectors.embedding(of: model, named: "clf")
    #expect(try back.neighbors(of: "pear", k: 1).count == 1)
  }

  @Test func dimensionMismatchNamesBothDimensions() throws {
    let model = try toyModel(words: ["pear"], dim: 3, outs: [2])
    let before = snapshot(model)
    #expect {
      _ = try TransferPlanner.plan(from: tiny, named: "v", to: model, named: "clf", request: TransferRequest())
    } throws: { "\($0)".contains("2-dimensional") && "\($0)".contains("dim=3") }
    #expect(snapshot(model) == before)
    let noVocabulary = try toyModel(words: nil, dim: 2, outs: [2])
    #expect(throws: TransferError.self) {
      _ = try TransferPlanner.plan(from: tiny, named: "v", to: noVocabulary, named: "c", request: TransferRequest())
    }
  }

  /// Two topics whose words share contexts only within the topic.
  func topicCorpus(sentences: Int) -> [[String]] {
    var rng = SplitRandom(seed: 3)
    let topics = [["cat", "dog", "meow", "fur", "pet", "paw"], ["car", "truck", "engine", "wheel", "road", "fuel"]]
    return (0..<sentences).map { i in
      let words = topics[i % 2]
      return (0..<12).map { _ in words[rng.below(words.count)] }
    }
  }

  @Test func skipgramIsDeterministicAndGroupsSharedContexts() throws {
    var config = SkipGramConfig()
    config.dim = 16
    config.window = 3
    config.epochs = 5
    config.minCount = 1
    config.sample = 0
    let corpus = topicCorpus(sentences: 300)
    var pairs1 = 0
    var pairs2 = 0
    let a = try #require(SkipGram(tokenized: corpus, config: config).train(pairs: &pairs1))
    let b = try #require(SkipGram(tokenized: corpus, config: config).train(pairs: &pairs2))
    #expect(a.values == b.values)
    #expect(pairs1 == pairs2 && pairs1 > 0)
    let near = try a.neighbors(of: "cat", k: 11)
    let rank = { (w: String) in near.firstIndex { $0.word == w } ?? 99 }
    #expect(rank("dog") < rank("car"))
    #expect(rank("dog") < rank("truck"))
    config.seed = 2
    let c = try #require(SkipGram(tokenized: corpus, config: config).train(pairs: &pairs1))
    #expect(c.values != a.values)
  }

  @Test func skipgramWithTwoThreadsTrainsEveryPair() throws {
    var config = SkipGramConfig()
    config.dim = 8
    config.minCount = 1
    config.sample = 0
    config.shrinkWindows = false
    config.epochs = 1
    let corpus = topicCorpus(sentences: 40)
    var one = 0
    var two = 0
    _ = try SkipGram(tokenized: corpus, config: config).train(pairs: &one)
    config.threads = 2
    let vectors = try #require(SkipGram(tokenized: corpus, config: config).train(pairs: &two))
    #expect(one == two && one == 40 * (12 * 10 - 2 * (1 + 2 + 3 + 4 + 5)))
    #expect(vectors.values.allSatisfy { $0.isFinite })
  }

  @Test func skipgramStopsWhenAsked() throws {
    var pairs = 0
    let sg = try SkipGram(tokenized: topicCorpus(sentences: 20), config: SkipGramConfig())
    #expect(sg.train(pairs: &pairs, shouldStop: { true }) == nil)
  }

  @Test func skipgramSubsamplingAndMinCount() throws {
    var config = SkipGramConfig()
    config.minCount = 1000
    let corpus = topicCorpus(sentences: 100)
    #expect(throws: TransferError.self) { _ = try SkipGram(tokenized: corpus, config: config) }
    config.minCount = 1
    config.sample = 1e-3
    var pairs = 0
    let sg = try SkipGram(tokenized: corpus, config: config)
    #expect(sg.words.count == 12)
    _ = sg.train(pairs: &pairs)
    var full = 0
    config.sample = 0
    _ = try SkipGram(tokenized: corpus, config: config).train(pairs: &full)
    #expect(pairs < full)
  }

  @Test func similarityTellsDifferentCorporaApart() throws {
    let corpus = topicCorpus(sentences: 400)
    let pets = Dataset(
      examples: corpus.enumerated().filter { $0.offset % 2 == 0 }.map {
        Example(text: $0.element.joined(separator: " "), label: nil)
      }, labelNames: [], source: "pets")
    let cars = Dataset(
      examples: corpus.enumerated().filter { $0.offset % 2 == 1 }.map {
        Example(text: $0.element.joined(separator: " "), label: nil)
      }, labelNames: [], source: "cars")
    let apart = try DomainSimilarity(pets, cars)
    #expect(apart.jaccard == 0)
    #expect(apart.coverage == 0)
    #expect(apart.proxyADistance > 1.9)
    var half = pets
    half.examples = Array(pets.examples.prefix(100))
    var otherHalf = pets
    otherHalf.examples = Array(pets.examples.suffix(100))
    let same = try DomainSimilarity(half, otherHalf)
    #expect(same.jaccard == 1)
    #expect(same.proxyADistance < 0.5)
    #expect(same.interpretation.hasPrefix("wording hard to tell apart"))
  }

  /// Long aclImdb reviews against short UCI sentences: the same domain (movies) must come out
  /// close and a different one (phones) far, whatever the text lengths.
  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func similarityIsNotFooledByDocumentLength() throws {
    let root = URL(fileURLWithPath: TestPaths.data)
    let reviews = try ["pos", "neg"].flatMap { label in
      let folder = root.appendingPathComponent("aclImdb-subset/train/\(label)")
      return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(300).map {
        Example(text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8), label: nil)
      }
    }
    let long = Dataset(examples: reviews, labelNames: [], source: "aclImdb")
    func sentences(_ file: String) throws -> Dataset {
      let text = try String(contentsOf: root.appendingPathComponent("uci-sentiment-sentences/\(file)"), encoding: .utf8)
      let lines = text.split(separator: "\n").map { Example(text: String($0.split(separator: "\t")[0]), label: nil) }
      return Dataset(examples: lines, labelNames: [], source: file)
    }
    let movies = try DomainSimilarity(long, try sentences("imdb_labelled.txt"))
    let phones = try DomainSimilarity(long, try sentences("amazon_cells_labelled.txt"))
    #expect(movies.windowTokens < 20 && phones.windowTokens < 20)
    #expect(movies.proxyADistance < 0.8, "movie reviews vs movie sentences: \(movies.proxyADistance)")
    #expect(phones.proxyADistance > 1.2, "movie reviews vs phone sentences: \(phones.proxyADistance)")
  }
}

/// A tiny seeded generator for building test corpora.
struct SplitRandom {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func below(_ n: Int) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((state >> 33) % UInt64(n))
  }
}
