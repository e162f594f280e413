import CommandLanguage
import Schema
import TextData

/// One entry of the pretrained-model zoo, read from a catalogue file `zoo/NAME.zoo`:
///
///     name: imdb-lm
///     corpus: one line saying what the model learned from
///     product: lm
///     recipe:
///       load aclimdb from aclImdb-subset
///       train lm on aclimdb.unsup task=lm epochs=1
///
/// Lines starting with `#` and blank lines are ignored; every line after `recipe:` is one REPL
/// command (paths relative to the data directory). The recipe hash identifies a build: change a
/// recipe line and the entry needs a new build.
public struct ZooEntry: Sendable, Equatable {
  /// The entry's name (`imdb-lm`): what `load NAME` and `pretrained build NAME` take.
  public var name: String
  /// A one-line description of the training corpus.
  public var corpus: String
  /// The object the recipe produces, saved as the entry's model.
  public var product: String
  /// The REPL commands that build the product, in order (normalised: trimmed, no blank or `#` lines).
  public var recipe: [String]
  /// The catalogue file the entry was read from.
  public var file: String

  /// The fields a catalogue file must give, in the order they are documented.
  static let fields = ["name", "corpus", "product", "recipe"]

  /// SHA-256 (hex) of the normalised recipe: its lines joined with newlines, each ending in one.
  public var recipeHash: String { SHA256.hex(Array(recipe.map { $0 + "\n" }.joined().utf8)) }

  /// The first 12 hex digits of `recipeHash`, as used in build folder names.
  public var shortHash: String { String(recipeHash.prefix(12)) }

  /// Parses a catalogue file's text; errors name the file and line.
  public static func parse(_ text: String, file: String) throws(ReplError) -> ZooEntry {
    var values: [String: String] = [:]
    var recipe: [String]?
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = String(raw).trimmed
      if line.isEmpty || line.hasPrefix("#") { continue }
      if recipe != nil {
        recipe?.append(line)
        continue
      }
      let (key, value) = try field(line, at: "\(file):\(index + 1)")
      if key == "recipe" {
        recipe = value.isEmpty ? [] : [value]
      } else {
        values[key] = value
      }
    }
    return try entry(values, recipe ?? [], file: file)
  }

  /// `key: value` split at the first colon; the key must be a known field.
  private static func field(_ line: String, at place: String) throws(ReplError) -> (String, String) {
    guard let colon = line.firstIndex(of: ":") else {
      throw ReplError("\(place): expected 'field: value' (fields: \(fields.joined(separator: ", ")))")
    }
    let key = String(line[..<colon]).trimmed
    guard fields.contains(key) else {
      let hint = suggestion(for: key, among: fields).map { " (did you mean '\($0)'?)" } ?? ""
      throw ReplError("\(place): unknown field '\(key)'\(hint); fields: \(fields.joined(separator: ", "))")
    }
    return (key, String(line[line.index(after: colon)...]).trimmed)
  }

  /// The entry, once every field is present and the name is a valid object name.
  private static func entry(_ values: [String: String], _ recipe: [String], file: String) throws(ReplError) -> ZooEntry
  {
    for key in fields.dropLast() where (values[key] ?? "").isEmpty {
      throw ReplError("\(file): missing field '\(key):'")
    }
    guard !recipe.isEmpty else { throw ReplError("\(file): 'recipe:' must be followed by at least one command") }
    let name = values["name"] ?? ""
    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
      throw ReplError("\(file): name '\(name)' may hold only letters, digits, _ and -")
    }
    return ZooEntry(
      name: name, corpus: values["corpus"] ?? "", product: values["product"] ?? "", recipe: recipe, file: file)
  }
}
