import CommandLanguage

/// Which objects skipped steps would have made, so a later step that uses one is reported by name
/// before it runs ("step 7 needs 'lm', made by skipped step 4").
struct StepDependencies {
  /// Object name → the (1-based) skipped step that would have made or changed it.
  private var missing: [String: Int] = [:]

  /// Commands whose first object argument they change in place (a skipped one leaves it unchanged).
  static let changing: Set<String> = ["train", "freeze", "unfreeze"]

  /// Records that step `number`, running `command`, was skipped.
  mutating func skipped(_ command: String, step number: Int, variables: [String: String]) {
    for name in Self.produced(command, variables: variables) { missing[name] = number }
  }

  /// Records that `command` ran successfully: the objects it made exist now.
  mutating func ran(_ command: String, variables: [String: String]) {
    for name in Self.produced(command, variables: variables) { missing[name] = nil }
  }

  /// One line per object `command` uses that a skipped step would have made.
  func notes(for command: String, step number: Int, variables: [String: String]) -> [String] {
    let made = Set(Self.produced(command, variables: variables))
    let words = Self.words(of: command)
    let needed = missing.filter { name, _ in
      !made.contains(name) && words.contains { $0 == name || $0.hasPrefix(name + ".") }
    }
    return needed.sorted { $0.key < $1.key }.map { name, skippedStep in
      "note: step \(number) needs '\(name)', made by skipped step \(skippedStep)"
    }
  }

  /// The object names `command` defines or changes: its new-name arguments (`split NAME` makes
  /// `NAME.train`, `NAME.val`, `NAME.test`), the model `train`/`freeze` change, a transfer's target.
  static func produced(_ command: String, variables: [String: String]) -> [String] {
    guard let parsed = try? Parser.parse(command, variables: variables) else { return [] }
    let name = parsed.definition.name
    if name == "set" { return [] }
    if name == "split", let base = parsed.argument("NAME") { return ["train", "val", "test"].map { "\(base).\($0)" } }
    var names = newNames(parsed.definition.arguments).compactMap { parsed.argument($0) }
    if changing.contains(name), let target = parsed.argument("MODEL") { names.append(target) }
    if name == "transfer", let target = parsed.argument("DST") { names.append(String(target.prefix { $0 != "." })) }
    return names
  }

  /// The placeholders of kind `.newName` in a grammar.
  static func newNames(_ specs: [ArgumentSpec]) -> [String] {
    specs.flatMap { spec -> [String] in
      switch spec {
      case .value(let placeholder, .newName): return [placeholder]
      case .optional(let inner): return newNames(inner)
      case .alternatives(let forms): return forms.flatMap(newNames)
      default: return []
      }
    }
  }

  /// The words of a command line, split at blanks and at `=`, `,`, `|` and quotes.
  static func words(of command: String) -> [String] {
    command.split { " \t=,|\"".contains($0) }.map(String.init)
  }
}
