import Testing
import TextData

/// The WordPiece tokenizer's rules on hand-made vocabularies (the parity with `BertTokenizer` on real
/// folders is in TransferTests/BertParityTests).
@Suite struct WordPieceTokenizerTests {
  static let tokens = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "##a", "runn", "##ing", ",", "!", "cafe", "café",
    "中", "hello", "Hello",
  ]

  static func tokenizer(lowercase: Bool = true) throws -> WordPieceTokenizer {
    try WordPieceTokenizer(tokens: tokens, lowercase: lowercase)
  }

  @Test func greedyLongestMatchFirstWithContinuationPieces() throws {
    let t = try Self.tokenizer()
    #expect(t.tokenize("unaffable running") == ["un", "##aff", "##able", "runn", "##ing"])
    #expect(t.tokenize("unaffablex") == ["[UNK]"], "a word that pieces cannot cover is one [UNK]")
  }

  @Test func encodeAddsClassAndSeparator() throws {
    let t = try Self.tokenizer()
    #expect(t.encode("hello!") == [2, 15, 11, 3])
  }

  @Test func uncasedFoldsCaseAndStripsAccents() throws {
    #expect(try Self.tokenizer().tokenize("HELLO Café") == ["hello", "cafe"])
    #expect(try Self.tokenizer(lowercase: false).tokenize("Hello café") == ["Hello", "café"])
  }

  @Test func punctuationCJKAndControlCharacters() throws {
    let t = try Self.tokenizer()
    #expect(t.tokenize("hello,中hello") == ["hello", ",", "中", "hello"])
    #expect(t.tokenize("hel\u{0}lo\u{200B}\u{FFFD}") == ["hello"])
    #expect(t.tokenize("hello\u{3000}\thello") == ["hello", "hello"])
  }

  @Test func wordsLongerThanTheLimitAreUnknown() throws {
    let t = try Self.tokenizer()
    let long = String(repeating: "a", count: WordPieceTokenizer.maxCharactersPerWord + 1)
    #expect(t.tokenize(long) == ["[UNK]"])
  }

  @Test func aVocabularyWithoutUnknownIsRefused() {
    #expect(throws: DataError.self) {
      try WordPieceTokenizer(tokens: ["[PAD]", "a"], lowercase: true, source: "v/vocab.txt")
    }
    do {
      _ = try WordPieceTokenizer(tokens: ["[PAD]", "a"], lowercase: true, source: "v/vocab.txt")
    } catch {
      #expect(error.message == "v/vocab.txt: the vocabulary has no [UNK] token (2 lines); add a line [UNK]")
    }
  }

  @Test func vocabularyLinesDropTheTrailingNewlineAndCarriageReturns() {
    #expect(WordPieceTokenizer.lines(of: "[PAD]\r\n[UNK]\n") == ["[PAD]", "[UNK]"])
  }

  @Test func aBertVocabularyEncodesWithWordPiece() throws {
    let v = Vocabulary(wordPiece: try Self.tokenizer())
    #expect(v.encode("unaffable") == [2, 4, 5, 6, 3])
    #expect(v.count == Self.tokens.count)
  }
}
