/// A token ↔ id mapping with the preprocessing settings that produced it.
///
/// Id 0 is `<pad>` and id 1 is `<unk>`; every text a model sees is encoded with the vocabulary the
/// model was built with, so the settings (lowercasing, stopwords) travel with it.
public struct Vocabulary: Sendable, Equatable {
  public static let pad = "<pad>"
  public static let unk = "<unk>"
  /// The masking token of masked-language-model training (`vocab V from D mask=yes`; last id).
  public static let mask = "<mask>"
  public static let padID: Int32 = 0
  public static let unkID: Int32 = 1

  /// Tokens by id.
  public private(set) var tokens: [String]
  /// Ids by token.
  public private(set) var index: [String: Int32]
  /// The tokenizer settings the vocabulary was built with.
  public var settings: TokenizerSettings
  /// The tokens again, keyed by bytes, so encoding needs no `String` per token.
  private let lookup: TokenCounter
  /// The names of the datasets it was built from (for coverage in `show`); empty when unknown.
  public var sources: [String] = []
  /// For a BERT vocabulary: the WordPiece tokenizer that encodes text instead of the word tokenizer
  /// (its tokens are `tokens`, in `vocab.txt` order).
  public private(set) var wordPiece: WordPieceTokenizer?

  /// A vocabulary of `<pad>`, `<unk>` and then `words` (duplicates and specials skipped).
  public init(words: [String], settings: TokenizerSettings) {
    var tokens = [Vocabulary.pad, Vocabulary.unk]
    var index: [String: Int32] = [Vocabulary.pad: 0, Vocabulary.unk: 1]
    for word in words where index[word] == nil {
      index[word] = Int32(tokens.count)
      tokens.append(word)
    }
    self.tokens = tokens
    self.index = index
    self.settings = settings
    self.lookup = Vocabulary.lookup(tokens)
  }

  /// A BERT vocabulary: exactly the tokens of `wordPiece` (ids as in `vocab.txt`), encoding with it.
  public init(wordPiece: WordPieceTokenizer) {
    tokens = wordPiece.tokens
    index = [:]
    for (i, token) in tokens.enumerated() where index[token] == nil { index[token] = Int32(i) }
    settings = TokenizerSettings(lowercase: wordPiece.basic.lowercase)
    self.lookup = Vocabulary.lookup(tokens)
    self.wordPiece = wordPiece
  }

  /// The byte-keyed index of `tokens`.
  private static func lookup(_ tokens: [String]) -> TokenCounter {
    var lookup = TokenCounter()
    for var token in tokens { token.withUTF8 { lookup.add($0) } }
    return lookup
  }

  public static func == (a: Vocabulary, b: Vocabulary) -> Bool {
    a.tokens == b.tokens && a.settings == b.settings && a.sources == b.sources && a.wordPiece == b.wordPiece
  }

  /// The number of tokens including the two specials.
  public var count: Int { tokens.count }

  /// The id of `token`, or `<unk>`'s.
  public func id(_ token: String) -> Int32 { index[token] ?? Vocabulary.unkID }

  /// The id of the token spelled by these UTF-8 bytes, or `<unk>`'s.
  public func id(bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    lookup.index(of: bytes).map { Int32($0) } ?? Vocabulary.unkID
  }
}

/// How text is split into tokens: the settings a vocabulary records.
public struct TokenizerSettings: Sendable, Equatable {
  public var lowercase: Bool
  /// `none` or `english`.
  public var stopwords: String

  public init(lowercase: Bool = true, stopwords: String = "none") {
    self.lowercase = lowercase
    self.stopwords = stopwords
  }
}
