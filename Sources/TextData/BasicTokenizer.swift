import Foundation

/// The first stage of BERT's tokenisation, the same rules as Hugging Face's `BasicTokenizer`:
///
/// 1. cleanup: U+0000, U+FFFD and control or format characters (general category `C*`, except tab,
///    newline and carriage return) are dropped; every whitespace character becomes a blank;
/// 2. each CJK ideograph becomes a word of its own;
/// 3. the text splits at whitespace; with `lowercase`, each word is lower-cased and its accents are
///    stripped (canonical decomposition, then nonspacing marks removed);
/// 4. every punctuation character (ASCII symbols, general category `P*`) becomes a word of its own.
///
/// Words are sequences of Unicode scalars, as Python counts characters.
public struct BasicTokenizer: Sendable, Equatable {
  /// Whether words are lower-cased and their accents stripped (`do_lower_case`).
  public var lowercase: Bool

  /// A tokenizer that lower-cases and strips accents when `lowercase` is set.
  public init(lowercase: Bool) { self.lowercase = lowercase }

  /// The words of `text`, each as its Unicode scalars.
  public func words(_ text: String) -> [[Unicode.Scalar]] {
    var words: [[Unicode.Scalar]] = []
    for raw in cleaned(text).split(separator: " ") {
      var word = Array(raw)
      if lowercase { word = stripAccents(String(String.UnicodeScalarView(word)).lowercased()) }
      splitPunctuation(word, into: &words)
    }
    return words
  }

  /// The scalars of `text` after cleanup, with blanks for whitespace and around CJK ideographs.
  private func cleaned(_ text: String) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    out.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      if scalar.value == 0 || scalar.value == 0xFFFD || Self.isControl(scalar) { continue }
      if Self.isWhitespace(scalar) {
        out.append(" ")
      } else if Self.isCJK(scalar.value) {
        out += [" ", scalar, " "]
      } else {
        out.append(scalar)
      }
    }
    return out
  }

  /// The scalars of `word` in canonical decomposition without nonspacing marks.
  private func stripAccents(_ word: String) -> [Unicode.Scalar] {
    word.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
      $0.properties.generalCategory != .nonspacingMark
    }
  }

  /// Appends the pieces of `word` between punctuation characters, and each punctuation character.
  private func splitPunctuation(_ word: [Unicode.Scalar], into words: inout [[Unicode.Scalar]]) {
    var current: [Unicode.Scalar] = []
    for scalar in word {
      if Self.isPunctuation(scalar) {
        if !current.isEmpty { words.append(current) }
        words.append([scalar])
        current = []
      } else {
        current.append(scalar)
      }
    }
    if !current.isEmpty { words.append(current) }
  }

  /// Blank, tab, newline, carriage return, or a space separator (`Zs`).
  static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
    s == " " || s == "\t" || s == "\n" || s == "\r" || s.properties.generalCategory == .spaceSeparator
  }

  /// A `C*` character other than tab, newline and carriage return.
  static func isControl(_ s: Unicode.Scalar) -> Bool {
    if s == "\t" || s == "\n" || s == "\r" { return false }
    switch s.properties.generalCategory {
    case .control, .format, .unassigned, .privateUse, .surrogate: return true
    default: return false
    }
  }

  /// An ASCII symbol (`!`…`/`, `:`…`@`, `[`…`` ` ``, `{`…`~`) or a `P*` character.
  static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
      return true
    }
    switch s.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation:
      return true
    default: return false
    }
  }

  /// The CJK Unified Ideographs blocks BERT splits into single characters.
  static func isCJK(_ v: UInt32) -> Bool {
    (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
      || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B820...0x2CEAF).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
  }
}
