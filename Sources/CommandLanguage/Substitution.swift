import Schema

/// A `$NAME` or `${NAME}` reference to a variable that is not defined.
struct UnknownVariable: Sendable, Equatable {
  /// The variable's name without `$` and braces.
  var name: String
  /// 1-based column of its `$` in the substituted line.
  var column: Int
}

/// Variable substitution: `$NAME` (letters, digits, `_`) and `${NAME}` (also `-` and `.`) are
/// replaced by their values everywhere except in a `#` comment, inside quotes too (as in a shell's
/// double quotes). A `$` not followed by a name is kept as written. The result is lexed again, so a
/// value may hold several words or options (`set opts "epochs=3 lr=0.01"`).
enum VariableSubstitution {
  /// The substituted line and the first unknown variable (left as written), if any.
  static func apply(_ line: String, _ variables: [String: String]) -> (text: String, unknown: UnknownVariable?) {
    let chars = Array(line)
    var out = ""
    var outCount = 0
    var unknown: UnknownVariable?
    var inQuote = false
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if !inQuote && c == "#" { break }
      if c == "\\" && inQuote && i + 1 < chars.count {
        out.append(c)
        out.append(chars[i + 1])
        outCount += 2
        i += 2
        continue
      }
      if c == "\"" { inQuote.toggle() }
      if c == "$", let (name, next) = reference(chars, at: i) {
        let written = String(chars[i..<next])
        if let value = variables[name] {
          out += value
          outCount += value.count
        } else {
          if unknown == nil { unknown = UnknownVariable(name: name, column: outCount + 1) }
          out += written
          outCount += written.count
        }
        i = next
        continue
      }
      out.append(c)
      outCount += 1
      i += 1
    }
    if i < chars.count { out += String(chars[i...]) }
    return (out, unknown)
  }

  /// The name referenced by the `$` at `i` and the offset after the reference, or nil when the `$`
  /// starts no reference.
  private static func reference(_ chars: [Character], at i: Int) -> (String, Int)? {
    guard i + 1 < chars.count else { return nil }
    if chars[i + 1] == "{" {
      var j = i + 2
      while j < chars.count, chars[j].isNameCharacter || chars[j] == "-" || chars[j] == "." { j += 1 }
      guard j < chars.count, chars[j] == "}", j > i + 2 else { return nil }
      return (String(chars[(i + 2)..<j]), j + 1)
    }
    guard chars[i + 1].isNameCharacter, !chars[i + 1].isNumber else { return nil }
    var j = i + 1
    while j < chars.count, chars[j].isNameCharacter { j += 1 }
    return (String(chars[(i + 1)..<j]), j)
  }

  /// The error for an unknown variable, with the nearest defined name.
  static func error(_ unknown: UnknownVariable, _ variables: [String: String]) -> SyntaxError {
    let hint =
      suggestion(for: unknown.name, among: variables.keys.sorted()).map { " (did you mean '$\($0)'?)" }
      ?? " (define it first: set \(unknown.name) VALUE)"
    return SyntaxError("unknown variable '$\(unknown.name)'\(hint)", column: unknown.column)
  }
}

extension String {
  /// The line with `$NAME` and `${NAME}` replaced by variable values (inside quotes too, as in
  /// shells, but not in a `#` comment); unknown variables are left as written so the parser can
  /// report them at the same column.
  public func substitutingVariables(_ variables: [String: String]) -> String {
    VariableSubstitution.apply(self, variables).text
  }

}
