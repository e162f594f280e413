import Schema

extension CommandBinding {
  /// Explains why no match consumed every word, at the furthest word any reading reached.
  func grammarError(_ walk: GrammarWalk) -> SyntaxError {
    let at = walk.furthest
    let expected = walk.expected(at: at)
    guard at < positional.count else {
      if expected.count == 1, let only = expected.first, case .keyword = only {
        return SyntaxError("expected \(describe(expected))" + usageHint, column: endColumn)
      }
      return SyntaxError("missing \(describe(expected))" + usageHint, column: endColumn)
    }
    if let repeated = repeatedFlag(walk) {
      return SyntaxError("flag '\(repeated.text)' is given twice", column: repeated.column)
    }
    let word = positional[at]
    let keywords = expected.compactMap(\.keyword)
    let choices = expected.flatMap(\.choices)
    let canEnd = walk.finished.contains { $0.position == at }
    let got = "got '\(word.text)'"
    if !word.quoted,
      let near = nearest(word.text, among: keywords + choices + (canEnd ? definition.flags : []))
    {
      if keywords.contains(near) {
        return SyntaxError("expected '\(near)', \(got)" + usageHint, column: word.column)
      }
      if choices.contains(near) {
        return SyntaxError("expected \(describe(expected)), \(got) (did you mean '\(near)'?)", column: word.column)
      }
      return SyntaxError("unexpected '\(word.text)' (did you mean '\(near)'?)", column: word.column)
    }
    if canEnd && keywords.isEmpty && choices.isEmpty {
      let quoteHint = takesText ? "; put text with spaces in quotes" : ""
      return SyntaxError("unexpected argument '\(word.text)'\(quoteHint)" + usageHint, column: word.column)
    }
    return SyntaxError("expected \(describe(expected)), \(got)" + usageHint, column: word.column)
  }

  /// The second occurrence of a flag, when the words left after a complete match are flags.
  private func repeatedFlag(_ walk: GrammarWalk) -> Token? {
    for state in walk.finished {
      let left = positional[state.position...]
      guard left.allSatisfy({ !$0.quoted && definition.flags.contains($0.text) }) else { continue }
      var seen = Set<String>()
      if let again = left.first(where: { !seen.insert($0.text).inserted }) { return again }
    }
    return nil
  }

  /// Whether the grammar has a free-text value, where unquoted words with spaces are a likely mistake.
  private var takesText: Bool {
    func hasText(_ specs: [ArgumentSpec]) -> Bool {
      specs.contains { spec in
        switch spec {
        case .value(_, .text), .oneOrMore(_, .text): return true
        case .optional(let group): return hasText(group)
        case .alternatives(let forms): return forms.contains(where: hasText)
        default: return false
        }
      }
    }
    return hasText(definition.arguments)
  }

  /// `'on' or TEXT`, `'on' or 'off'`: what the grammar wanted, for a message.
  private func describe(_ expected: [GrammarWalk.Expected]) -> String {
    var parts: [String] = []
    for item in expected {
      switch item {
      case .keyword(let word): parts.append("'\(word)'")
      case .value(_, .word(let words)): parts += words.map { "'\($0)'" }
      case .value(let name, _), .rest(let name): parts.append(name)
      }
    }
    return parts.isEmpty ? "the end of the command" : parts.joined(separator: " or ")
  }
}
