import TensorCore
import Testing
import TextData

@testable import Training

@Suite struct TrainingDataTests {
  @Test func languageModelStreamIsCutIntoShiftedWindows() {
    // "good bad" + separator, three times: 9 ids; bptt 4 → windows at 0 and 4 (8 has no target).
    let data = Dataset(
      examples: Array(repeating: Example(text: "good bad", label: nil), count: 3), labelNames: [], source: "")
    let encoded = EncodedData(languageModel: data, vocabulary: Fixture.vocabulary)
    let good = Fixture.vocabulary.id("good")
    let bad = Fixture.vocabulary.id("bad")
    let end = Vocabulary.unkID
    #expect(encoded.stream == [good, bad, end, good, bad, end, good, bad, end])
    let batches = encoded.batches(size: 8, maxlen: 0, bptt: 4, rng: nil)
    #expect(batches.count == 1)
    let b = batches[0]
    #expect(b.input.lengths == [4, 4] && b.input.time == 4)
    #expect(b.input.tokens == [good, bad, end, good, bad, end, good, bad])
    #expect(b.targets == [bad, end, good, bad, end, good, bad, end])
    #expect(b.tokens == 8)
  }

  @Test func languageModelDocumentsAreCutToTheLimit() {
    let data = Dataset(
      examples: [Example(text: "good bad good bad", label: nil), Example(text: "bad", label: nil)], labelNames: [],
      source: "")
    let good = Fixture.vocabulary.id("good")
    let bad = Fixture.vocabulary.id("bad")
    let end = Vocabulary.unkID
    #expect(
      EncodedData(languageModel: data, vocabulary: Fixture.vocabulary, limit: 2).stream == [good, bad, end, bad, end])
    #expect(EncodedData(languageModel: data, vocabulary: Fixture.vocabulary).stream.count == 7)
  }

  @Test func shortLastWindowIsPadded() {
    let data = Dataset(examples: [Example(text: "good bad good", label: nil)], labelNames: [], source: "")
    let b = EncodedData(languageModel: data, vocabulary: Fixture.vocabulary).batches(
      size: 2, maxlen: 0, bptt: 3, rng: nil)[0]
    // stream: good bad good <end> → one window of 3 inputs
    #expect(b.input.lengths == [3])
    let data2 = Dataset(examples: [Example(text: "good bad good bad", label: nil)], labelNames: [], source: "")
    let b2 = EncodedData(languageModel: data2, vocabulary: Fixture.vocabulary).batches(
      size: 2, maxlen: 0, bptt: 3, rng: nil)[0]
    #expect(b2.input.lengths == [3, 1] && b2.input.tokens[4] == Vocabulary.padID)
  }

  @Test func shufflingDependsOnTheSeedOnly() {
    let data = Fixture.sentiment(200, seed: 4)
    let encoded = EncodedData(classify: data, vocabulary: Fixture.vocabulary, labelMap: [0, 1])
    func order(_ seed: UInt64) -> [Int] {
      encoded.batches(size: 16, maxlen: 64, bptt: 0, rng: RNG(seed: seed)).flatMap(\.indices)
    }
    #expect(order(1) == order(1))
    #expect(order(1) != order(2))
    #expect(order(1).sorted() == Array(0..<200))
  }
}
