import CommandLanguage
import ReplEngine

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

  /// The object names `command` defines or changes: the names it defines, the model `train`,
  /// `freeze` and `unfreeze` change, a transfer's target.
  static func produced(_ command: String, variables: [String: String]) -> [String] {
    guard let parsed = try? Parser.parse(command, variables: variables, table: Commands.table) else { return [] }
    var names = parsed.definedNames
    if changing.contains(parsed.definition.name), let target = parsed.argument("MODEL") { names.append(target) }
    if parsed.definition.name == "transfer", let target = parsed.argument("DST") {
      names.append(String(target.prefix { $0 != "." }))
    }
    return names
  }

  /// The words of a command line, split at blanks and at `=`, `,`, `|` and quotes.
  static func words(of command: String) -> [String] {
    command.split { " \t=,|\"".contains($0) }.map(String.init)
  }
}
