/// Matches positional words against a command's grammar, exploring every way the optional groups,
/// repetitions and alternatives can apply. The parser picks the best complete match or explains the
/// furthest failure; completion asks what may come after the words typed so far.
struct GrammarWalk {
  /// What the grammar wanted at a position where it got something else (or nothing).
  enum Expected: Equatable {
    case keyword(String)
    case value(String, ValueKind)
    case rest(String)

    /// The literal word expected, if this is a keyword.
    var keyword: String? {
      if case .keyword(let word) = self { return word }
      return nil
    }

    /// The words allowed, if this is a `.word` value.
    var choices: [String] {
      if case .value(_, .word(let words)) = self { return words }
      return []
    }
  }

  /// One way of consuming words from the start.
  struct State {
    /// How many words are consumed.
    var position = 0
    /// Placeholder name, its kind (nil for `.rest`) and word index, in order.
    var bindings: [(name: String, kind: ValueKind?, index: Int)] = []
    /// The word index where a `.rest` element starts.
    var restStart: Int?
  }

  /// The positional words (options removed).
  let words: [Token]
  /// Literal words of the grammar, which never count as values unless quoted.
  let keywords: Set<String>
  /// States after the whole grammar was matched (words may remain).
  private(set) var finished: [State] = []
  /// Failures: at which word index what was expected.
  private(set) var failures: [(position: Int, expected: Expected)] = []

  /// Walks `definition`'s grammar over `words`.
  init(_ definition: CommandDefinition, words: [Token]) {
    self.words = words
    self.keywords = Set(definition.keywords)
    walk([definition.arguments[...]], State())
  }

  /// The furthest word index any path reached.
  var furthest: Int {
    max(finished.map(\.position).max() ?? 0, failures.map(\.position).max() ?? 0)
  }

  /// What was expected at word index `position`, without repeats.
  func expected(at position: Int) -> [Expected] {
    var seen: [Expected] = []
    for failure in failures where failure.position == position && !seen.contains(failure.expected) {
      seen.append(failure.expected)
    }
    return seen
  }

  /// Whether `word` can stand for a value of `kind`.
  func accepts(_ word: Token, _ kind: ValueKind) -> Bool {
    if !word.quoted && keywords.contains(word.text) { return false }
    if case .word(let choices) = kind { return choices.contains(word.text) }
    return true
  }

  private mutating func walk(_ stack: [ArraySlice<ArgumentSpec>], _ state: State) {
    guard var top = stack.last else {
      finished.append(state)
      return
    }
    var next = Array(stack.dropLast())
    guard let spec = top.first else {
      walk(next, state)
      return
    }
    top = top.dropFirst()
    if !top.isEmpty { next.append(top) }
    let word = state.position < words.count ? words[state.position] : nil
    switch spec {
    case .keyword(let keyword):
      if let word, word.isBare(keyword) {
        walk(next, advanced(state))
      } else {
        failures.append((state.position, .keyword(keyword)))
      }
    case .value(let name, let kind):
      if let word, accepts(word, kind) {
        walk(next, advanced(state, binding: name, kind))
      } else {
        failures.append((state.position, .value(name, kind)))
      }
    case .oneOrMore(let name, let kind):
      if let word, accepts(word, kind) {
        let bound = advanced(state, binding: name, kind)
        walk(next + [[spec]], bound)
        walk(next, bound)
      } else {
        failures.append((state.position, .value(name, kind)))
      }
    case .optional(let group):
      walk(next + [group[...]], state)
      walk(next, state)
    case .alternatives(let forms):
      for form in forms { walk(next + [form[...]], state) }
    case .rest(let name):
      if word != nil {
        var rest = advanced(state, binding: name, nil)
        rest.restStart = state.position
        rest.position = words.count
        walk(next, rest)
      } else {
        failures.append((state.position, .rest(name)))
      }
    }
  }

  private func advanced(_ state: State, binding name: String? = nil, _ kind: ValueKind? = nil) -> State {
    var state = state
    if let name { state.bindings.append((name, kind, state.position)) }
    state.position += 1
    return state
  }
}
