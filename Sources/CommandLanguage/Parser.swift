import Schema

/// The pure command-line parser: variable substitution, lexing, and matching against `CommandTable`
/// (the command words, the positional grammar, flags and `key=value` options).
public enum Parser {
  /// The most words one command may have (keeps matching fast and shallow on pasted garbage).
  public static let maximumWords = 1000

  /// Parses one logical line (continuations already joined). Returns nil for a blank or comment line.
  /// Errors carry the 1-based column in the substituted line (`line.substitutingVariables(variables)`).
  public static func parse(
    _ line: String, variables: [String: String] = [:], table: CommandTable
  ) throws(SyntaxError) -> ParsedCommand? {
    let (text, unknown) = VariableSubstitution.apply(line, variables)
    if let unknown { throw VariableSubstitution.error(unknown, variables) }
    let lexed = try Lexer.lex(text)
    guard let first = lexed.tokens.first else { return nil }
    if lexed.tokens.count > maximumWords {
      throw SyntaxError(
        "too many words: \(lexed.tokens.count) (at most \(maximumWords) in one command)",
        column: lexed.tokens[maximumWords].column)
    }
    let single = first.isOption || first.quoted ? nil : table.definition(named: first.text)
    if lexed.tokens.count > 1, let pair = twoWordDefinition(lexed.tokens, in: table) {
      do {
        return try CommandBinding(pair, lexed, commandWords: 2, line: text).parsed()
      } catch {
        // `save transcript …` failed: `save MODEL to FILE` may still fit (a model named transcript).
        if let single, let parsed = try? CommandBinding(single, lexed, commandWords: 1, line: text).parsed() {
          return parsed
        }
        throw error
      }
    }
    if let single { return try CommandBinding(single, lexed, commandWords: 1, line: text).parsed() }
    throw unknownCommand(lexed.tokens, in: table)
  }

  /// The two-word definition named by the first two bare words, if any.
  static func twoWordDefinition(_ tokens: [Token], in table: CommandTable) -> CommandDefinition? {
    guard tokens.count > 1, !tokens[0].quoted, !tokens[1].quoted, !tokens[1].isOption else { return nil }
    return table.definition(named: "\(tokens[0].text) \(tokens[1].text)")
  }

  /// The error for a first word (and second, for two-word commands) that names no command.
  static func unknownCommand(_ tokens: [Token], in table: CommandTable) -> SyntaxError {
    let first = tokens[0]
    let pairs = table.all.filter { $0.words.count == 2 && $0.words[0] == first.text }
    if !pairs.isEmpty {
      let names = pairs.map { "'\($0.name)'" }.joined(separator: " or ")
      guard tokens.count > 1 else {
        return SyntaxError("incomplete command '\(first.text)': expected \(names)", column: first.end + 2)
      }
      let second = tokens[1]
      let hint =
        nearest(second.text, among: pairs.map { $0.words[1] })
        .map { " (did you mean '\(first.text) \($0)'?)" } ?? ": expected \(names)"
      return SyntaxError("unknown command '\(first.text) \(second.text)'\(hint)", column: second.column)
    }
    let meant = nearest(first.text, among: table.firstWords).map { [$0] } ?? completions(of: first.text, in: table)
    let hint =
      meant.isEmpty
      ? " (help lists the commands)" : " (did you mean \(meant.map { "'\($0)'" }.joined(separator: " or "))?)"
    return SyntaxError("unknown command '\(first.text)'\(hint)", column: first.column)
  }

  /// Up to three commands that `word` (two letters or more) is the start of: what an unfinished
  /// word most likely meant when no command is a near typo of it.
  static func completions(of word: String, in table: CommandTable) -> [String] {
    guard word.count >= 2 else { return [] }
    var seen = Set<String>()
    return Array(table.firstWords.filter { $0.hasPrefix(word) && seen.insert($0).inserted }.prefix(3))
  }
}

/// The candidate a typo most likely meant: `suggestion` preferring a candidate that `word` starts
/// (`of` → `off` rather than `on`). Never `word`.
func nearest(_ word: String, among candidates: [String]) -> String? {
  suggestion(for: word, among: candidates, ties: .preferringCompletion)
}
