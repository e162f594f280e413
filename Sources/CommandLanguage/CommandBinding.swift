import Schema

/// Binds the words after a command's verb to its definition: the positional grammar, the flags and
/// the validated options; builds the `ParsedCommand` or the error with its column.
struct CommandBinding {
  let definition: CommandDefinition
  let lexed: LexedLine
  /// The words after the verb, options included.
  let tokens: [Token]
  /// The words after the verb that are not options.
  let positional: [Token]
  /// The substituted line.
  let line: String

  init(_ definition: CommandDefinition, _ lexed: LexedLine, commandWords: Int, line: String) {
    self.definition = definition
    self.lexed = lexed
    self.tokens = Array(lexed.tokens.dropFirst(commandWords))
    self.positional = tokens.filter { !$0.isOption }
    self.line = line
  }

  /// The column just after the last word: where a missing word would go.
  var endColumn: Int { (lexed.tokens.last?.end ?? 0) + 2 }

  /// " (usage: …)", appended to structural errors.
  var usageHint: String { " (usage: \(definition.usage))" }

  /// The parsed command, or the first error.
  func parsed() throws(SyntaxError) -> ParsedCommand {
    if definition.options.isEmpty && !definition.arguments.contains(where: \.isRest),
      let option = tokens.first(where: \.isOption)
    {
      throw noOptions(option)
    }
    let walk = GrammarWalk(definition, words: positional)
    guard let state = best(walk) else { throw grammarError(walk) }
    var arguments: [String: [String]] = [:]
    var columns: [String: [Int]] = [:]
    var restOffset: Int?
    for binding in state.bindings {
      let word = positional[binding.index]
      var value = word.text
      var column = word.column
      if state.restStart == binding.index {
        let offset = restStartOffset(binding.index)
        restOffset = offset
        value = lexed.text(from: offset)
        column = offset + 1
      } else if binding.kind == .newName {
        try checkName(word)
      }
      arguments[binding.name, default: []].append(value)
      columns[binding.name, default: []].append(column)
    }
    let optionTokens = tokens.filter { $0.isOption && $0.start < (restOffset ?? Int.max) }
    return ParsedCommand(
      definition: definition, arguments: arguments, options: try options(optionTokens),
      flags: Set(positional[state.position...].map(\.text)), line: line, argumentColumns: columns,
      restColumn: restOffset.map { $0 + 1 },
      optionColumns: Dictionary(optionTokens.map { ($0.optionKey ?? "", $0.column) }) { first, _ in first })
  }

  /// The complete match that consumes the most words, leaving only distinct flags.
  private func best(_ walk: GrammarWalk) -> GrammarWalk.State? {
    var best: GrammarWalk.State?
    for state in walk.finished where state.position > (best?.position ?? -1) {
      let left = positional[state.position...]
      let flagsOnly = left.allSatisfy { !$0.quoted && definition.flags.contains($0.text) }
      if flagsOnly && Set(left.map(\.text)).count == left.count { best = state }
    }
    return best
  }

  /// Where the `.rest` text starts: right after the last positional word before it, so options
  /// written at the start of a model spec stay in the spec.
  private func restStartOffset(_ index: Int) -> Int {
    guard index > 0 else { return tokens.first?.start ?? positional[index].start }
    let previous = positional[index - 1].start
    return tokens.first { $0.start > previous }?.start ?? positional[index].start
  }

  /// New names: letters, digits, `_`, `-`, with dots only between parts (`movies.train`).
  private func checkName(_ word: Token) throws(SyntaxError) {
    let parts = word.text.split(separator: ".", omittingEmptySubsequences: false)
    let valid = parts.allSatisfy { part in
      guard let first = part.first, first != "-" else { return false }
      return part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
    if !valid {
      throw SyntaxError(
        "invalid name '\(word.text)': use letters, digits, '_' and '-' (dots only between parts)",
        column: word.column)
    }
  }

  private func noOptions(_ option: Token) -> SyntaxError {
    SyntaxError(
      "'\(definition.name)' takes no options, got '\(option.text)' (quote text that contains '=')",
      column: option.column)
  }

  /// Validates the options, pointing an error at the option it concerns.
  private func options(_ optionTokens: [Token]) throws(SyntaxError) -> Options {
    if definition.options.isEmpty, let first = optionTokens.first { throw noOptions(first) }
    do {
      return try Options(
        optionTokens.map { (key: $0.optionKey ?? "", value: $0.optionValue ?? "") }, specs: definition.options)
    } catch {
      let same = optionTokens.filter { $0.optionKey == error.key }
      let column = same.count > 1 ? same[1].column : same.first?.column ?? endColumn
      throw SyntaxError(error.message + (same.isEmpty ? usageHint : ""), column: column)
    }
  }
}
