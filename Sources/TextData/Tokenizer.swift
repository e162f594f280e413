/// Splits text into tokens according to `TokenizerSettings`.
public struct Tokenizer: Sendable {
  public var settings: TokenizerSettings
  public init(settings: TokenizerSettings) { self.settings = settings }

  /// The tokens of `text`.
  public func tokenize(_ text: String) -> [String] {
    // Placeholder until the data issue lands: blanks only.
    let t = settings.lowercase ? text.lowercased() : text
    return t.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
  }
}

extension Vocabulary {
  /// The ids of `text` under this vocabulary's tokenizer settings (unknown tokens map to `<unk>`).
  public func encode(_ text: String) -> [Int32] {
    Tokenizer(settings: settings).tokenize(text).map { id($0) }
  }
}
