import Testing

@testable import TextData

@Suite struct TokenizerTests {
  let lower = Tokenizer(settings: TokenizerSettings(lowercase: true))
  let keep = Tokenizer(settings: TokenizerSettings(lowercase: false))

  @Test func contractionsFollowOneRule() {
    #expect(lower.tokenize("I don't know") == ["i", "do", "n't", "know"])
    #expect(lower.tokenize("It isn't, it's fine") == ["it", "is", "n't", ",", "it", "'s", "fine"])
    #expect(
      lower.tokenize("we'll they're I've I'd I'm") == ["we", "'ll", "they", "'re", "i", "'ve", "i", "'d", "i", "'m"])
    #expect(lower.tokenize("can't won't") == ["ca", "n't", "wo", "n't"])
    #expect(lower.tokenize("o'clock") == ["o'clock"])
    #expect(lower.tokenize("don’t") == ["do", "n't"])
  }

  @Test func punctuationIsSplitAndNumbersStayWhole() {
    #expect(lower.tokenize("Great!!! (really)") == ["great", "!", "!", "!", "(", "really", ")"])
    #expect(
      lower.tokenize("It cost $3.50, or 1,000 yen.") == ["it", "cost", "$", "3.50", ",", "or", "1,000", "yen", "."])
    #expect(lower.tokenize("a slow-moving film - ok") == ["a", "slow-moving", "film", "-", "ok"])
    #expect(lower.tokenize("7/10") == ["7", "/", "10"])
  }

  @Test func htmlLeftoversAreRemovedOrDecoded() {
    #expect(lower.tokenize("Good.<br /><br />Bad") == ["good", ".", "bad"])
    #expect(
      lower.tokenize("&quot;Wow&quot; &amp; more &#39;x&#39;") == ["\"", "wow", "\"", "&", "more", "'", "x", "'"])
    #expect(lower.tokenize("a <i>b</i> c") == ["a", "b", "c"])
    #expect(lower.tokenize("1 < 2 & 3 > 0") == ["1", "<", "2", "&", "3", ">", "0"])
  }

  @Test func caseFoldingIsOptionalAndHandlesNonASCII() {
    #expect(keep.tokenize("The END") == ["The", "END"])
    #expect(lower.tokenize("ÉCOLE Café") == ["école", "café"])
  }

  @Test func englishStopwordsDropNegations() {
    let stop = Tokenizer(settings: TokenizerSettings(lowercase: true, stopwords: "english"))
    #expect(stop.tokenize("This is not a good film") == ["good", "film"])
    #expect(stop.tokenize("I don't like it") == ["like"])
  }

  @Test func emptyAndBlankTextHaveNoTokens() {
    #expect(lower.tokenize("").isEmpty)
    #expect(lower.tokenize(" \n\t ").isEmpty)
  }
}

@Suite struct VocabularyTests {
  func dataset(_ texts: [String]) -> Dataset {
    Dataset(examples: texts.map { Example(text: $0, label: nil) }, labelNames: [], source: "test")
  }

  @Test func ranksByCountThenAlphabetically() throws {
    let d = dataset(["b a c", "c b d", "zeta alpha"])
    let v = try Vocabulary.build(from: [d], sources: ["d"], size: 10, minCount: 1, settings: TokenizerSettings())
    #expect(v.tokens == ["<pad>", "<unk>", "b", "c", "a", "alpha", "d", "zeta"])
    #expect(v.sources == ["d"])
  }

  @Test func sizeAndMinCountLimit() throws {
    let d = dataset(["a a a b b c", "a b"])
    let v = try Vocabulary.build(from: [d], sources: [], size: 10, minCount: 2, settings: TokenizerSettings())
    #expect(v.tokens == ["<pad>", "<unk>", "a", "b"])
    let small = try Vocabulary.build(from: [d], sources: [], size: 1, minCount: 1, settings: TokenizerSettings())
    #expect(small.count == 3)
  }

  @Test func encodeUsesTheVocabularySettingsAndCoverageCountsOOV() throws {
    let d = dataset(["Good film", "good plot"])
    let v = try Vocabulary.build(from: [d], sources: ["d"], size: 10, minCount: 2, settings: TokenizerSettings())
    #expect(v.encode("GOOD unknown") == [v.id("good"), Vocabulary.unkID])
    let (known, total) = v.coverage(of: d)
    #expect(known == 2 && total == 4)
  }

  @Test func tokenCounterMatchesADictionary() {
    var counter = TokenCounter()
    var reference: [String: Int] = [:]
    var rng = 12345
    for _ in 0..<50_000 {
      rng = (rng &* 1_103_515_245 &+ 12345) & 0x7fff_ffff
      let word = "w\(rng % 3000)"
      reference[word, default: 0] += 1
      var w = word
      w.withUTF8 { counter.add($0) }
    }
    #expect(counter.distinct == reference.count)
    #expect(counter.total == 50_000)
    for i in 0..<counter.distinct { #expect(reference[counter.token(i)] == counter.counts[i]) }
  }
}
