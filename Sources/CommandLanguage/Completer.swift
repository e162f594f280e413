import Schema

/// Tab completion derived from the command definitions and the live session (through a
/// `CompletionContext`): command words, object names of the kind the grammar expects, keywords,
/// `key=` options (no blank after), word and option-value choices, paths, and inside a model spec
/// layer types and their option keys. Pure.
public enum Completer {
  /// Completes the word that ends at `cursor` (a UTF-8 byte offset into `line`). Only the text
  /// before the cursor is considered.
  public static func complete(line: String, cursor: Int, context: some CompletionContext) -> CompletionResult {
    let prefix = String(decoding: line.utf8.prefix(max(0, cursor)), as: UTF8.self)
    let request = CompletionRequest(lexed: Lexer.lenient(prefix), context: context)
    let (start, candidates) = request.candidates()
    let characters = request.lexed.characters
    let clamped = min(max(start, 0), characters.count)
    return CompletionResult(
      start: String(characters[..<clamped]).utf8.count, word: String(characters[clamped...]),
      candidates: unique(candidates))
  }

  private static func unique(_ candidates: [CompletionCandidate]) -> [CompletionCandidate] {
    var seen = Set<String>()
    return candidates.filter { seen.insert($0.text).inserted }
  }
}

/// One completion request: the lexed text before the cursor, split into finished words and the
/// word being typed.
struct CompletionRequest<Context: CompletionContext> {
  let lexed: LexedLine
  let context: Context
  /// The finished words before the one being typed.
  let words: [Token]
  /// The word being typed (it ends at the cursor), if any.
  let current: Token?

  init(lexed: LexedLine, context: Context) {
    self.lexed = lexed
    self.context = context
    let last = lexed.tokens.last.flatMap { $0.end == lexed.characters.count ? $0 : nil }
    self.current = last
    self.words = last == nil ? lexed.tokens : Array(lexed.tokens.dropLast())
  }

  /// The text typed so far of the current word.
  var partial: String { current?.text ?? "" }
  /// Where the current word starts (character offset).
  var start: Int { current?.start ?? lexed.characters.count }

  /// The character offset where the replaced text starts, and the candidates.
  func candidates() -> (Int, [CompletionCandidate]) {
    let inComment = lexed.contentEnd < lexed.characters.count
    if inComment || current?.openQuote != nil || words.count > Parser.maximumWords { return (start, []) }
    if let current, !current.quoted {
      if current.text.hasPrefix("$") { return (start, variables(current.text)) }
      if let key = current.optionKey, let value = current.optionValue, value.hasPrefix("$") {
        return (current.start + key.count + 1, variables(value))
      }
    }
    guard let first = words.first else { return (start, matching(context.commands.firstWords.map { .init($0) })) }
    var found: [CompletionCandidate] = []
    if words.count == 1 {
      let family = context.commands.all.filter { $0.words.count == 2 && $0.words.first == first.text }
      found = matching(family.compactMap { $0.words.last.map { .init($0) } })
    }
    if let pair = Parser.twoWordDefinition(words, in: context.commands) {
      return arguments(pair, after: 2)
    }
    if !first.quoted, let single = context.commands.definition(named: first.text) {
      let (offset, more) = arguments(single, after: 1)
      return (offset, found + more)
    }
    return (start, found)
  }

  /// Candidates for the words after a command's verb.
  func arguments(_ definition: CommandDefinition, after commandWords: Int) -> (Int, [CompletionCandidate]) {
    let tokens = Array(words.dropFirst(commandWords))
    let positional = tokens.filter { !$0.isOption }
    let walk = GrammarWalk(definition, words: positional)
    if let restOffset = restOffset(walk, tokens: tokens, positional: positional) {
      return definition.name == "help"
        ? (start, helpTopics(after: positional.count))
        : specCandidates(definition, from: restOffset)
    }
    if let current, let key = current.optionKey {
      let values = definition.options.first { $0.key == key }.map(optionValues) ?? []
      let valueStart = current.start + key.count + 1
      return (valueStart, values.filter { $0.text.hasPrefix(current.optionValue ?? "") })
    }
    let canEnd = walk.finished.contains { state in
      positional[state.position...].allSatisfy { definition.flags.contains($0.text) }
    }
    var found = matching(walk.expected(at: positional.count).flatMap(candidates))
    if canEnd {
      let given = Set(positional.map(\.text))
      found += matching(definition.flags.filter { !given.contains($0) }.map { .init($0) })
    }
    if canEnd || (found.isEmpty && !partial.isEmpty) {
      let given = Set(tokens.compactMap(\.optionKey))
      found += matching(
        definition.options.filter { !given.contains($0.key) }.map { .init($0.key + "=", appendsSpace: false) })
    }
    return (start, found)
  }

  /// `$NAME` or `${NAME}` for the defined variables that fit what is typed.
  private func variables(_ typed: String) -> [CompletionCandidate] {
    let braced = typed.hasPrefix("${")
    return context.variableNames.map { braced ? "${\($0)}" : "$\($0)" }.filter { $0.hasPrefix(typed) }
      .map { .init($0, appendsSpace: false) }
  }

  /// Where the `.rest` text starts when the cursor is inside it (or at its first word).
  private func restOffset(_ walk: GrammarWalk, tokens: [Token], positional: [Token]) -> Int? {
    if let state = walk.finished.first(where: { $0.restStart != nil }), let index = state.restStart {
      guard index > 0 else { return tokens.first?.start }
      let previous = positional[index - 1].start
      return tokens.first { $0.start > previous }?.start ?? start
    }
    let atRest = walk.expected(at: positional.count).contains { if case .rest = $0 { true } else { false } }
    guard atRest else { return nil }
    let previous = positional.last?.start ?? -1
    return tokens.first { $0.start > previous }?.start ?? start
  }

  /// What may stand where the grammar expects `expected`.
  private func candidates(_ expected: GrammarWalk.Expected) -> [CompletionCandidate] {
    switch expected {
    case .keyword(let word): return [.init(word)]
    case .value(_, let kind): return values(kind)
    case .rest: return []
    }
  }

  /// Values of `kind`: live names, word choices or paths.
  func values(_ kind: ValueKind) -> [CompletionCandidate] {
    switch kind {
    case .newName, .text: return []
    case .word(let words): return words.map { .init($0) }
    case .path: return paths(partial)
    case .object(.layer):
      let models = context.names(of: .model)
      let layers = models.flatMap { model in context.layerNames(ofModel: model).map { "\(model).\($0)" } }
      return (models + layers).map { .init($0) }
    case .object(let kind): return context.names(of: kind).map { .init($0) }
    }
  }

  /// Files and folders starting with `prefix`; no blank after a folder.
  func paths(_ prefix: String) -> [CompletionCandidate] {
    context.files(withPrefix: prefix).map { .init($0, appendsSpace: !$0.hasSuffix("/")) }
  }

  /// Option values: choices, yes/no, paths, and live names for `val=` (datasets) and `vocab=`.
  func optionValues(_ spec: OptionSpec) -> [CompletionCandidate] {
    switch spec.kind {
    case .choice(let words): return words.map { .init($0) }
    case .bool: return ["yes", "no"].map { .init($0) }
    case .path: return paths(current?.optionValue ?? "")
    case .int, .float: return []
    case .string, .list:
      guard let kind = CompletionRequest.optionObjectKinds[spec.key] else { return [] }
      return context.names(of: kind).map { .init($0) }
    }
  }

  /// Options whose values name objects of a kind.
  static var optionObjectKinds: [String: ObjectKind] { ["val": .dataset, "vocab": .vocabulary] }

  /// The candidates that start with the word being typed.
  func matching(_ candidates: [CompletionCandidate]) -> [CompletionCandidate] {
    candidates.filter { $0.text.hasPrefix(partial) }
  }
}
