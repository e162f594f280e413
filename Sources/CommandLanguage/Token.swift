/// One word of a command line after lexing: quotes removed, escapes resolved, positions kept.
struct Token: Sendable, Equatable {
  /// The word as the grammar sees it (quotes removed, `\"` and `\\` resolved).
  var text: String
  /// 0-based character offset of the token's first character in the line.
  var start: Int
  /// 0-based character offset one past its last character.
  var end: Int
  /// Whether any part was quoted; a quoted word is never a keyword, option or flag.
  var quoted: Bool
  /// For `key=value`: the key (the value is `optionValue`).
  var optionKey: String?
  /// For `key=value`: the value with quotes removed.
  var optionValue: String?
  /// For a quote left open at the end of the line: its 0-based offset.
  var openQuote: Int?

  /// The 1-based column where the token starts.
  var column: Int { start + 1 }
  /// Whether this is a `key=value` option.
  var isOption: Bool { optionKey != nil }

  /// Whether this is the bare (unquoted) word `word`.
  func isBare(_ word: String) -> Bool { !quoted && optionKey == nil && text == word }
}

/// A lexed line: its characters, its tokens and where a `#` comment starts.
struct LexedLine: Sendable {
  /// The line as characters (columns count these).
  var characters: [Character]
  /// The words in order.
  var tokens: [Token]
  /// Offset of the comment's `#`, or the line length when there is none.
  var contentEnd: Int

  /// The text of `characters[from..<contentEnd]` without trailing blanks.
  func text(from offset: Int) -> String {
    var end = contentEnd
    while end > offset, characters[end - 1].isBlank { end -= 1 }
    return offset < end ? String(characters[offset..<end]) : ""
  }
}

extension Character {
  /// A blank separates words: space, tab, or a stray carriage return or newline.
  var isBlank: Bool { self == " " || self == "\t" || self == "\r" || self == "\n" }
  /// Letters, digits and `_` (ASCII), the characters of a `$NAME` variable reference.
  var isNameCharacter: Bool { isASCII && (isLetter || isNumber || self == "_") }
}
