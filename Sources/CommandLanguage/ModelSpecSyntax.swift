/// The parsed right-hand side of `model NAME = …`: either a copy of another model, or layers.
public enum ModelSpecSyntax: Sendable, Equatable {
  /// `copy OLD`
  case copy(String)
  /// `TYPE k=v … | TYPE k=v …` plus model-level options (`vocab=`, `vocab_size=`, `seed=`).
  case layers([LayerSyntax], modelOptions: [OptionSyntax])
}

/// One layer segment of a model spec with the column where its type name starts.
public struct LayerSyntax: Sendable, Equatable {
  /// The layer type name as written (`lstm`).
  public var type: String
  /// Its options in order; a bare word has an empty key (`pool last`).
  public var options: [OptionSyntax]
  /// 1-based column of the type name in the full line.
  public var column: Int
  /// A layer segment.
  public init(type: String, options: [OptionSyntax], column: Int) {
    self.type = type
    self.options = options
    self.column = column
  }
}

/// One `key=value` with the column where the key starts.
public struct OptionSyntax: Sendable, Equatable {
  /// The key, or empty for a bare word after a layer type.
  public var key: String
  /// The value with quotes removed.
  public var value: String
  /// 1-based column of the key (or bare word) in the full line.
  public var column: Int
  /// An option.
  public init(key: String, value: String, column: Int) {
    self.key = key
    self.value = value
    self.column = column
  }
}

/// Parses model specs (`embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v`).
public enum ModelSpecParser {
  /// The options that belong to the model rather than to a layer, wherever they are written.
  public static let modelOptionKeys: Set<String> = ["vocab", "vocab_size", "seed", "replace"]

  /// Parses `text`, which starts at 1-based column `startColumn` of the full line. A bare word after
  /// a layer type is shorthand for that layer's first option (`pool last` = `pool mode=last`) and is
  /// returned with an empty key. Words are lexed as on the command line (quotes, `#` comments), and
  /// `|` separates layers even without blanks around it.
  public static func parse(_ text: String, startColumn: Int = 1) throws(SyntaxError) -> ModelSpecSyntax {
    let words = try Lexer.lex(text, splitsPipes: true).tokens
    let column = { (word: Token) in startColumn + word.start }
    if words.count >= 2 && words[0].isBare("copy") && !words[1].isOption && !words[1].isBare("|")
      && words.dropFirst(2).allSatisfy({ $0.optionKey == "replace" })
    {
      return .copy(words[1].text)
    }
    var layers: [LayerSyntax] = []
    var modelOptions: [OptionSyntax] = []
    var current: LayerSyntax?
    for word in words {
      if word.isBare("|") {
        guard let layer = current else {
          throw SyntaxError("expected a layer type before '|'", column: column(word))
        }
        layers.append(layer)
        current = nil
      } else if let key = word.optionKey {
        let option = OptionSyntax(key: key, value: word.optionValue ?? "", column: column(word))
        if modelOptionKeys.contains(key) {
          modelOptions.append(option)
        } else if current != nil {
          current?.options.append(option)
        } else {
          throw SyntaxError("option '\(key)=' must follow a layer type", column: column(word))
        }
      } else if current == nil {
        current = LayerSyntax(type: word.text, options: [], column: column(word))
      } else {
        current?.options.append(OptionSyntax(key: "", value: word.text, column: column(word)))
      }
    }
    guard let last = current else {
      let end = startColumn + (words.last?.end ?? 0) + 1
      throw SyntaxError("expected a layer type" + (layers.isEmpty ? "" : " after the last '|'"), column: end)
    }
    layers.append(last)
    return .layers(layers, modelOptions: modelOptions)
  }
}
