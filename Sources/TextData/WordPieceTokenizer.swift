/// BERT's tokenizer built from a `vocab.txt` (one token per line, the line number is the id), matching
/// Hugging Face's `BertTokenizer`: `BasicTokenizer` words, each split greedily into the longest
/// vocabulary pieces from the left, pieces after the first spelled with a `##` prefix. A word longer
/// than `maxCharactersPerWord` scalars, or one that cannot be covered by pieces, becomes `[UNK]`.
/// `encode` adds `[CLS]` before and `[SEP]` after, as `BertTokenizer(text)` does.
public struct WordPieceTokenizer: Sendable, Equatable {
  /// Words longer than this (in Unicode scalars) become `[UNK]`.
  public static let maxCharactersPerWord = 100
  /// The tokens by id, as in `vocab.txt`.
  public let tokens: [String]
  /// The word splitter (lower-casing and accent stripping when uncased).
  public let basic: BasicTokenizer
  /// The id of `[UNK]`.
  public let unknownID: Int32
  /// The ids of `[CLS]` and `[SEP]`, when the vocabulary has them.
  public let classID: Int32?
  public let separatorID: Int32?
  /// The id of `[PAD]`, when the vocabulary has it.
  public let paddingID: Int32?
  private let index: [[Unicode.Scalar]: Int32]

  /// A tokenizer over `tokens` (line order of `vocab.txt`); `source` names the file in errors.
  /// Throws when `[UNK]` is missing, since unknown words would have no id.
  public init(tokens: [String], lowercase: Bool, source: String = "vocab.txt") throws(DataError) {
    var index: [[Unicode.Scalar]: Int32] = [:]
    for (i, token) in tokens.enumerated() where index[Array(token.unicodeScalars)] == nil {
      index[Array(token.unicodeScalars)] = Int32(i)
    }
    guard let unknown = index[Array("[UNK]".unicodeScalars)] else {
      throw DataError("the vocabulary has no [UNK] token (\(tokens.count) lines); add a line [UNK]", path: source)
    }
    self.tokens = tokens
    self.index = index
    self.basic = BasicTokenizer(lowercase: lowercase)
    self.unknownID = unknown
    self.classID = index[Array("[CLS]".unicodeScalars)]
    self.separatorID = index[Array("[SEP]".unicodeScalars)]
    self.paddingID = index[Array("[PAD]".unicodeScalars)]
  }

  /// The tokens of `text` reading a `vocab.txt`'s text: one token per line (`\n`, `\r\n` or `\r`, as
  /// Python's universal newlines read it), a trailing newline allowed.
  public static func lines(of text: String) -> [String] {
    var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }.map(
      String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// The id of `token`, or nil when the vocabulary lacks it.
  public func id(_ token: String) -> Int32? { index[Array(token.unicodeScalars)] }

  /// The piece ids of `text`, without `[CLS]` and `[SEP]`.
  public func pieceIDs(_ text: String) -> [Int32] {
    basic.words(text).flatMap(pieces)
  }

  /// The ids `BertTokenizer` gives `text`: `[CLS]`, the pieces, `[SEP]`.
  public func encode(_ text: String) -> [Int32] {
    [classID].compactMap { $0 } + pieceIDs(text) + [separatorID].compactMap { $0 }
  }

  /// The piece spellings of `text` (`un`, `##aff`, `##able`), without `[CLS]` and `[SEP]`.
  public func tokenize(_ text: String) -> [String] {
    pieceIDs(text).map { tokens[Int($0)] }
  }

  /// Greedy longest-match-first pieces of one word, or `[UNK]` alone.
  private func pieces(_ word: [Unicode.Scalar]) -> [Int32] {
    if word.count > Self.maxCharactersPerWord { return [unknownID] }
    var ids: [Int32] = []
    var start = 0
    let prefix: [Unicode.Scalar] = ["#", "#"]
    while start < word.count {
      var end = word.count
      var found: Int32?
      while start < end {
        let piece = start > 0 ? prefix + word[start..<end] : Array(word[start..<end])
        if let id = index[piece] {
          found = id
          break
        }
        end -= 1
      }
      guard let found else { return [unknownID] }
      ids.append(found)
      start = end
    }
    return ids
  }
}
