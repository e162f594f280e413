import TensorCore
import Testing

@testable import TextData

@Suite struct BatchingTests {
  @Test func padsTruncatesAndTurnsEmptyIntoUnk() {
    var rng: RNG? = nil
    let batches = Batcher.batches([[5, 6, 7], [], [8]], labels: [1, 0, nil], size: 3, maxlen: 2, rng: &rng)
    #expect(batches.count == 1)
    let b = batches[0]
    #expect(b.time == 2)
    #expect(b.ids == [5, 6, Vocabulary.unkID, 0, 8, 0])
    #expect(b.lengths == [2, 1, 1])
    #expect(b.labels == [1, 0, -1])
    #expect(b.mask == [1, 1, 1, 0, 1, 0])
  }

  @Test func bucketingKeepsEveryExampleOnceAndLowersPadding() {
    var gen = RNG(seed: 7)
    let encoded: [[Int32]] = (0..<2000).map { _ in [Int32](repeating: 3, count: 1 + gen.below(200)) }
    let labels: [Int?] = encoded.indices.map { $0 % 2 }
    var none: RNG? = nil
    var seeded: RNG? = RNG(seed: 1)
    let plain = Batcher.batches(encoded, labels: labels, size: 32, maxlen: 400, rng: &none)
    let bucketed = Batcher.batches(encoded, labels: labels, size: 32, maxlen: 400, rng: &seeded)
    #expect(bucketed.flatMap(\.indices).sorted() == Array(0..<2000))
    func padding(_ bs: [TokenBatch]) -> Double {
      Double(bs.reduce(0) { $0 + $1.ids.count - $1.lengths.reduce(0, +) }) / Double(bs.reduce(0) { $0 + $1.ids.count })
    }
    #expect(padding(bucketed) < 0.1)
    #expect(padding(plain) > 0.3)
    var again: RNG? = RNG(seed: 1)
    #expect(
      Batcher.batches(encoded, labels: labels, size: 32, maxlen: 400, rng: &again).map(\.indices)
        == bucketed.map(\.indices))
  }
}

@Suite struct SplitAndSampleTests {
  func dataset(pos: Int, neg: Int) -> Dataset {
    let examples = (0..<(pos + neg)).map { Example(text: "t\($0)", label: $0 < neg ? 0 : 1) }
    return Dataset(examples: examples, labelNames: ["neg", "pos"], source: "test")
  }

  func counts(_ d: Dataset) -> [Int] {
    [0, 1].map { l in d.examples.filter { $0.label == l }.count }
  }

  @Test func stratifiedSplitKeepsProportionsAndCoversEverything() throws {
    let d = dataset(pos: 300, neg: 700)
    let parts = try d.split(fractions: [0.8, 0.1, 0.1], seed: 1)
    #expect(parts.map(\.count) == [800, 100, 100])
    #expect(parts.map(counts) == [[560, 240], [70, 30], [70, 30]])
    #expect(Set(parts.flatMap { $0.examples.map(\.text) }).count == 1000)
    let again = try d.split(fractions: [0.8, 0.1, 0.1], seed: 1)
    #expect(again.map { $0.examples.map(\.text) } == parts.map { $0.examples.map(\.text) })
    let other = try d.split(fractions: [0.8, 0.1, 0.1], seed: 2)
    #expect(other[1].examples.map(\.text) != parts[1].examples.map(\.text))
  }

  @Test func fractionsMustSumToOne() {
    #expect(throws: DataError.self) { try dataset(pos: 5, neg: 5).split(fractions: [0.8, 0.1, 0.2], seed: 1) }
    #expect(throws: DataError.self) { try dataset(pos: 5, neg: 5).split(fractions: [1.2, -0.2, 0], seed: 1) }
  }

  @Test func stratifiedSampleAndTooLargeN() throws {
    let d = dataset(pos: 250, neg: 750)
    let s = try d.sample(n: 100, seed: 3)
    #expect(counts(s) == [75, 25])
    #expect(throws: DataError.self) { try d.sample(n: 1001, seed: 1) }
  }

  @Test func statisticsCountLabelsLengthsAndDuplicates() {
    let d = Dataset(
      examples: [
        Example(text: "good film", label: 1), Example(text: "good film", label: 1),
        Example(text: "bad , bad film", label: 0),
      ], labelNames: ["neg", "pos"], source: "test")
    let s = d.statistics()
    #expect(s.perLabel.map(\.count) == [1, 2])
    #expect(s.duplicates == 1)
    #expect(s.p50 == 2 && s.maxLength == 4)
    #expect(s.topTokens.first?.token == "film" && s.topTokens.first?.count == 3)
  }
}

@Suite struct SyntheticCorpusTests {
  @Test func deterministicBalancedAndNoisy() throws {
    let a = try SyntheticCorpus(domain: .movies, noise: 0).generate(n: 400, seed: 5)
    let b = try SyntheticCorpus(domain: .movies, noise: 0).generate(n: 400, seed: 5)
    #expect(a.examples == b.examples)
    #expect(a.examples.filter { $0.label == 1 }.count == 200)
    let noisy = try SyntheticCorpus(domain: .movies, noise: 0.1).generate(n: 400, seed: 5)
    let flipped = zip(a.examples, noisy.examples).filter { $0.label != $1.label }.count
    #expect(flipped == 40)
    #expect(throws: DataError.self) { try SyntheticCorpus(domain: .movies, noise: 1.5).generate(n: 10, seed: 1) }
  }

  @Test func shiftControlsSharedWording() throws {
    func overlap(_ shift: Double) throws -> Double {
      let settings = TokenizerSettings()
      let m = try Vocabulary.build(
        from: [SyntheticCorpus(domain: .movies, shift: shift).generate(n: 600, seed: 1)], sources: [], size: 10_000,
        minCount: 1, settings: settings)
      let r = try Vocabulary.build(
        from: [SyntheticCorpus(domain: .restaurants, shift: shift).generate(n: 600, seed: 2)], sources: [],
        size: 10_000, minCount: 1, settings: settings)
      let shared = Set(m.tokens).intersection(r.tokens).count
      return Double(shared) / Double(Set(m.tokens).union(r.tokens).count)
    }
    #expect(try overlap(0) > 0.9)
    #expect(try overlap(1) < 0.7)
  }

  @Test func negationFlipsAndSentimentWordsAreShared() throws {
    let d = try SyntheticCorpus(domain: .products, noise: 0).generate(n: 300, seed: 9)
    let notGood = d.examples.filter { $0.text.lowercased().contains("not good") && !$0.text.contains("but") }
    #expect(!notGood.isEmpty)
    #expect(notGood.allSatisfy { $0.label == 0 })
    let notBad = d.examples.filter { $0.text.lowercased().contains("not bad") && !$0.text.contains("but") }
    #expect(notBad.allSatisfy { $0.label == 1 })
  }
}

@Suite struct SHA256Tests {
  @Test func knownDigests() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    var h = SHA256()
    for _ in 0..<1000 { h.update([UInt8](repeating: 97, count: 1000)) }
    #expect(h.finalize().map { String($0, radix: 16) }.count == 32)
  }
}
