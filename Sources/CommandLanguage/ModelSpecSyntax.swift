/// The parsed right-hand side of `model NAME = …`: either a copy of another model, or layers.
public enum ModelSpecSyntax: Sendable, Equatable {
  /// `copy OLD`
  case copy(String)
  /// `TYPE k=v … | TYPE k=v …` plus model-level options (`vocab=`, `vocab_size=`, `seed=`).
  case layers([LayerSyntax], modelOptions: [OptionSyntax])
}

/// One layer segment of a model spec with the column where its type name starts.
public struct LayerSyntax: Sendable, Equatable {
  public var type: String
  public var options: [OptionSyntax]
  public var column: Int
  public init(type: String, options: [OptionSyntax], column: Int) {
    self.type = type
    self.options = options
    self.column = column
  }
}

/// One `key=value` with the column where the key starts.
public struct OptionSyntax: Sendable, Equatable {
  public var key: String
  public var value: String
  public var column: Int
  public init(key: String, value: String, column: Int) {
    self.key = key
    self.value = value
    self.column = column
  }
}

/// Parses model specs (`embedding dim=64 | lstm hidden=128 | pool last | dense out=2 vocab=v`).
public enum ModelSpecParser {
  /// The options that belong to the model rather than to a layer, wherever they are written.
  public static let modelOptionKeys: Set<String> = ["vocab", "vocab_size", "seed"]

  /// Parses `text`, which starts at 1-based column `startColumn` of the full line. A bare word after
  /// a layer type is shorthand for that layer's first option (`pool last` = `pool mode=last`) and is
  /// returned with an empty key.
  public static func parse(_ text: String, startColumn: Int = 1) throws(SyntaxError) -> ModelSpecSyntax {
    let words = splitWords(text, startColumn: startColumn)
    if words.count == 2 && words[0].text == "copy" && !words[1].text.contains("=") {
      return .copy(words[1].text)
    }
    var layers: [LayerSyntax] = []
    var modelOptions: [OptionSyntax] = []
    var current: LayerSyntax?
    for word in words {
      if word.text == "|" {
        guard let layer = current else { throw SyntaxError("expected a layer type before '|'", column: word.column) }
        layers.append(layer)
        current = nil
      } else if let eq = word.text.firstIndex(of: "="), eq != word.text.startIndex {
        let option = OptionSyntax(
          key: String(word.text[..<eq]), value: String(word.text[word.text.index(after: eq)...]), column: word.column)
        if modelOptionKeys.contains(option.key) {
          modelOptions.append(option)
        } else if current != nil {
          current!.options.append(option)
        } else {
          throw SyntaxError("option '\(option.key)=' must follow a layer type", column: word.column)
        }
      } else if current == nil {
        current = LayerSyntax(type: word.text, options: [], column: word.column)
      } else {
        current!.options.append(OptionSyntax(key: "", value: word.text, column: word.column))
      }
    }
    guard let last = current else {
      throw SyntaxError("expected a layer type" + (layers.isEmpty ? "" : " after the last '|'"), column: startColumn + text.count)
    }
    layers.append(last)
    return .layers(layers, modelOptions: modelOptions)
  }

  private static func splitWords(_ text: String, startColumn: Int) -> [(text: String, column: Int)] {
    var words: [(String, Int)] = []
    var current = ""
    var start = 0
    for (offset, ch) in text.enumerated() {
      if ch == " " || ch == "\t" || ch == "|" {
        if !current.isEmpty { words.append((current, startColumn + start)) }
        current = ""
        if ch == "|" { words.append(("|", startColumn + offset)) }
      } else {
        if current.isEmpty { start = offset }
        current.append(ch)
      }
    }
    if !current.isEmpty { words.append((current, startColumn + start)) }
    return words
  }
}
