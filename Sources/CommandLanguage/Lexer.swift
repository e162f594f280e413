/// Splits a line into words: blanks separate, `"…"` quotes (with `\"` and `\\`), `#` starts a
/// comment outside quotes, `key=value` is an option. Pure; columns count characters.
enum Lexer {
  /// Lexes `line`; an unterminated quote is an error at its column.
  static func lex(_ line: String, splitsPipes: Bool = false) throws(SyntaxError) -> LexedLine {
    let lexed = lenient(line, splitsPipes: splitsPipes)
    if let open = lexed.tokens.last?.openQuote {
      throw SyntaxError("unterminated string: a '\"' opened here is never closed", column: open + 1)
    }
    return lexed
  }

  /// Lexes `line` without failing: an open quote runs to the end of the line (for completion and
  /// continuation). With `splitsPipes`, an unquoted `|` is a word of its own (model specs).
  static func lenient(_ line: String, splitsPipes: Bool = false) -> LexedLine {
    let chars = Array(line)
    var tokens: [Token] = []
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c.isBlank {
        i += 1
      } else if c == "#" {
        return LexedLine(characters: chars, tokens: tokens, contentEnd: i)
      } else if splitsPipes && c == "|" {
        tokens.append(Token(text: "|", start: i, end: i + 1, quoted: false))
        i += 1
      } else {
        let token = word(chars, from: i, splitsPipes: splitsPipes)
        tokens.append(token)
        i = token.end
      }
    }
    return LexedLine(characters: chars, tokens: tokens, contentEnd: chars.count)
  }

  /// The word starting at `start`: unquoted runs and quoted parts glued together.
  private static func word(_ chars: [Character], from start: Int, splitsPipes: Bool) -> Token {
    var text = ""
    var quoted = false
    var equalsAt: Int?
    var openQuote: Int?
    var i = start
    scan: while i < chars.count {
      let c = chars[i]
      switch c {
      case _ where c.isBlank, "#": break scan
      case "|" where splitsPipes: break scan
      case "\"":
        quoted = true
        let (part, next, closed) = quotedPart(chars, from: i + 1)
        text += part
        if !closed { openQuote = i }
        i = next
      default:
        if c == "=" && equalsAt == nil && !quoted { equalsAt = text.count }
        text.append(c)
        i += 1
      }
    }
    var token = Token(text: text, start: start, end: i, quoted: quoted, openQuote: openQuote)
    if let equalsAt, equalsAt > 0 {
      let key = String(text.prefix(equalsAt))
      if isOptionKey(key) {
        token.optionKey = key
        token.optionValue = String(text.dropFirst(equalsAt + 1))
      }
    }
    return token
  }

  /// The inside of a quoted string starting after its opening quote: the text, the offset after the
  /// closing quote, and whether a closing quote was found.
  private static func quotedPart(_ chars: [Character], from start: Int) -> (String, Int, Bool) {
    var text = ""
    var i = start
    while i < chars.count {
      let c = chars[i]
      if c == "\"" { return (text, i + 1, true) }
      if c == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" {
        text.append(chars[i + 1])
        i += 2
      } else {
        text.append(c)
        i += 1
      }
    }
    return (text, i, false)
  }

  /// Option keys: a letter or `_`, then letters, digits, `_` or `-`.
  static func isOptionKey(_ key: String) -> Bool {
    guard let first = key.first, first.isASCII, first.isLetter || first == "_" else { return false }
    return key.allSatisfy { $0.isNameCharacter || $0 == "-" }
  }
}
