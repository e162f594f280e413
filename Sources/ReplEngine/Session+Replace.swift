import CommandLanguage
import Schema

extension Session {
  /// A command that takes at least this long makes an object worth confirming before it is replaced
  /// (at the prompt only, so a script's behaviour does not depend on the machine's speed).
  static let slowCommand = Duration.seconds(10)

  /// Before a command runs: if it would replace an object that holds trained weights (or, at the
  /// prompt, one that took long to make) without `replace=yes`, asks at the prompt, and fails in
  /// scripts with a line that says to add `replace=yes` or drop the object first.
  func checkReplacements(_ parsed: ParsedCommand) throws {
    let replace = try replaceRequested(parsed)
    guard !replace,
      let (name, reason) = parsed.definedNames.lazy.compactMap({ n in self.costOfReplacing(n).map { (n, $0) } }).first
    else { return }
    let kind = objects[name]?.kind.rawValue ?? "object"
    if let confirm {
      if confirm("replace \(kind) '\(name)', which \(reason)? [y/N] ") { return }
      throw ReplError("kept \(kind) '\(name)'; nothing changed (replace=yes replaces without asking)")
    }
    throw ReplError("\(kind) '\(name)' \(reason): add replace=yes to replace it, or 'drop \(name)' first")
  }

  /// Why replacing the object called `name` would lose work, or nil when nothing is lost.
  func costOfReplacing(_ name: String) -> String? {
    switch objects[name] {
    case .model(let model)?:
      if let last = model.history.last {
        return "holds trained weights (\(last.epoch) epoch\(last.epoch == 1 ? "" : "s"))"
      }
      if let source = model.transferredFrom { return "holds weights transferred from \(source)" }
    case nil: return nil
    default: break
    }
    guard confirm != nil, let time = slowlyMade[name] else { return nil }
    return "took \(formatDuration(time)) to make"
  }

  /// `replace=yes`: an option of the command, or (for `model`) written in the model spec.
  func replaceRequested(_ parsed: ParsedCommand) throws -> Bool {
    guard parsed.definition.name == "model" else {
      let declared = parsed.definition.options.contains { $0.key == replaceOption.key }
      return declared ? try parsed.options.value("replace", as: Bool.self) : false
    }
    let words = (parsed.argument("SPEC") ?? "").split(separator: " ").filter { $0.hasPrefix("replace=") }
    guard let word = words.last else { return false }
    guard let value = Options.parseBool(String(word.dropFirst("replace=".count))) else {
      throw ReplError("replace= expects yes or no, got '\(word.dropFirst("replace=".count))'")
    }
    return value
  }

  /// After a command succeeded: remembers which objects it made took long (and forgets for those
  /// it remade quickly).
  func noteCost(of parsed: ParsedCommand, _ elapsed: Duration) {
    for name in parsed.definedNames { slowlyMade[name] = elapsed >= Session.slowCommand ? elapsed : nil }
  }
}
