/// Splits text into tokens according to `TokenizerSettings`.
///
/// The rules, applied to UTF-8 bytes in one pass:
/// - HTML leftovers: tags such as `<br />` become a blank; entities (`&quot;`, `&amp;`, `&#39;`, …) are
///   decoded; the typographic apostrophe `’` counts as `'`.
/// - Words are runs of letters and digits (any non-ASCII character counts as a letter); a `-` between
///   two word characters stays inside the word (`slow-moving`), and `.` or `,` between two digits
///   keeps a number whole (`3.5`, `1,000`).
/// - Contractions follow one rule: the clitic after the last apostrophe is split off — `n't` when the
///   apostrophe follows an `n` and precedes `t` (`don't` → `do n't`, `isn't` → `is n't`,
///   `can't` → `ca n't`), else `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m` (`it's` → `it 's`). Other
///   apostrophes stay inside the word (`o'clock`).
/// - Every other ASCII symbol is a token of its own (`!`, `?`, `.`, `(`).
/// - `lowercase` folds case; `stopwords: english` drops the words of `StopWords.english`.
public struct Tokenizer: Sendable {
  public var settings: TokenizerSettings
  public init(settings: TokenizerSettings) { self.settings = settings }

  /// The tokens of `text`.
  public func tokenize(_ text: String) -> [String] {
    var tokens: [String] = []
    forEachToken(in: text) { tokens.append(String(decoding: $0, as: UTF8.self)) }
    return tokens
  }

  /// Calls `body` with the UTF-8 bytes of each token of `text` (valid only during the call).
  public func forEachToken(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var text = text
    text.withUTF8 { forEachToken(inBytes: $0, body) }
  }

  /// Calls `body` with the UTF-8 bytes of each token of `bytes` (valid only during the call).
  ///
  /// One pass copies the text into a work buffer (HTML cleaned only when it holds `<`, `&` or `’`,
  /// ASCII case folded when lowercasing); tokens are then slices of that buffer, so no per-token
  /// allocation happens unless a token has non-ASCII letters to lowercase.
  public func forEachToken(inBytes bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var work = [UInt8]()
    work.reserveCapacity(bytes.count)
    if HTMLText.mayNeedCleaning(bytes) {
      HTMLText.clean(bytes, into: &work)
      if settings.lowercase { Tokenizer.foldASCII(&work) }
    } else if settings.lowercase {
      work.append(contentsOf: bytes)
      Tokenizer.foldASCII(&work)
    } else {
      work.append(contentsOf: bytes)
    }
    let stop = settings.stopwords == "english" ? StopWords.englishBytes : nil
    let lowercase = settings.lowercase
    work.withUnsafeBufferPointer { w in
      TokenScanner(bytes: w).scan { range in
        let token = UnsafeBufferPointer(rebasing: w[range])
        if lowercase && token.contains(where: { $0 >= 0x80 }) {
          var lowered = String(decoding: token, as: UTF8.self).lowercased()
          if let stop, stop.contains(Array(lowered.utf8)) { return }
          lowered.withUTF8(body)
        } else {
          if let stop, stop.contains(Array(token)) { return }
          body(token)
        }
      }
    }
  }

  /// ASCII `A`–`Z` → `a`–`z` in place.
  static func foldASCII(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBufferPointer { p in
      for i in p.indices {
        let b = p[i]
        p[i] = b &+ ((b &- 65) < 26 ? 32 : 0)
      }
    }
  }
}

/// Finds token boundaries in cleaned bytes (see `Tokenizer` for the rules).
struct TokenScanner {
  let bytes: UnsafeBufferPointer<UInt8>

  @inline(__always) static func isWord(_ b: UInt8) -> Bool {
    (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b >= 0x80
  }
  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

  /// Calls `emit` with the byte range of every token in order.
  func scan(_ emit: (Range<Int>) -> Void) {
    let n = bytes.count
    var i = 0
    while i < n {
      let b = bytes[i]
      if b <= 32 || b == 127 {
        i += 1
      } else if TokenScanner.isWord(b) {
        let end = wordEnd(from: i)
        split(i..<end, emit)
        i = end
      } else {
        emit(i..<(i + 1))
        i += 1
      }
    }
  }

  /// The end of the word starting at `start`, joining `-` and `'` between word characters and `.`/`,`
  /// between digits.
  private func wordEnd(from start: Int) -> Int {
    let n = bytes.count
    var i = start + 1
    while i < n {
      let b = bytes[i]
      if TokenScanner.isWord(b) {
        i += 1
        continue
      }
      guard i + 1 < n, TokenScanner.isWord(bytes[i + 1]) else { break }
      if b == 45 || b == 39
        || ((b == 46 || b == 44) && TokenScanner.isDigit(bytes[i - 1]) && TokenScanner.isDigit(bytes[i + 1]))
      {
        i += 2
      } else {
        break
      }
    }
    return i
  }

  /// Emits a word, splitting off a contraction clitic after its last apostrophe.
  private func split(_ word: Range<Int>, _ emit: (Range<Int>) -> Void) {
    var apostrophe = word.upperBound - 1
    while apostrophe > word.lowerBound && bytes[apostrophe] != 39 { apostrophe -= 1 }
    guard apostrophe > word.lowerBound else {
      emit(word)
      return
    }
    let suffix = (apostrophe + 1)..<word.upperBound
    if isClitic(suffix) {
      emit(word.lowerBound..<apostrophe)
      emit(apostrophe..<word.upperBound)
    } else if suffix.count == 1 && lower(suffix.lowerBound) == 116 && apostrophe - 1 > word.lowerBound
      && lower(apostrophe - 1) == 110
    {
      emit(word.lowerBound..<(apostrophe - 1))
      emit((apostrophe - 1)..<word.upperBound)
    } else {
      emit(word)
    }
  }

  @inline(__always) private func lower(_ i: Int) -> UInt8 {
    let b = bytes[i]
    return (b >= 65 && b <= 90) ? b + 32 : b
  }

  /// `s`, `re`, `ve`, `ll`, `d`, `m` (any case).
  private func isClitic(_ r: Range<Int>) -> Bool {
    switch r.count {
    case 1: return [115, 100, 109].contains(lower(r.lowerBound))
    case 2:
      let pair = (lower(r.lowerBound), lower(r.lowerBound + 1))
      return pair == (114, 101) || pair == (118, 101) || pair == (108, 108)
    default: return false
    }
  }
}

extension Vocabulary {
  /// The ids of `text` under this vocabulary's tokenizer settings (unknown tokens map to `<unk>`);
  /// a BERT vocabulary encodes with its WordPiece tokenizer (`[CLS]` pieces `[SEP]`).
  public func encode(_ text: String) -> [Int32] {
    if let wordPiece { return wordPiece.encode(text) }
    var ids: [Int32] = []
    Tokenizer(settings: settings).forEachToken(in: text) { ids.append(id(bytes: $0)) }
    return ids
  }
}
