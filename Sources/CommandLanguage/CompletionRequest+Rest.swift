extension CompletionRequest {
  /// `help …`: the next word of a topic, two-word commands included (`help save tr` → `transcript`).
  func helpTopics(after count: Int) -> [CompletionCandidate] {
    let typed = words.suffix(count).map(\.text)
    return Help.topics(context.commands).compactMap { topic in
      let topicWords = topic.split(separator: " ").map(String.init)
      guard topicWords.count > typed.count, Array(topicWords.prefix(typed.count)) == typed else { return nil }
      return .init(topicWords[typed.count])
    }.filter { $0.text.hasPrefix(partial) }
  }

  /// Inside a model spec starting at character offset `offset`: layer types after `=` and `|` (and
  /// `copy` first), model names after `copy`, then the layer type's option keys and the model's own.
  func specCandidates(_ definition: CommandDefinition, from offset: Int) -> (Int, [CompletionCandidate]) {
    let spec = Lexer.lenient(String(lexed.characters[offset...]), splitsPipes: true)
    var tokens = spec.tokens
    var word: Token?
    if let last = tokens.last, last.end == spec.characters.count, !last.isBare("|") {
      word = last
      tokens.removeLast()
    }
    let typed = word?.text ?? ""
    let wordStart = offset + (word?.start ?? spec.characters.count)
    let segmentStart = (tokens.lastIndex { $0.isBare("|") }).map { $0 + 1 }
    let segment = Array(tokens[(segmentStart ?? 0)...])
    if let word, let key = word.optionKey {
      let names = CompletionRequest.optionObjectKinds[key].map { context.names(of: $0) } ?? []
      let value = word.optionValue ?? ""
      return (wordStart + key.count + 1, names.filter { $0.hasPrefix(value) }.map { .init($0) })
    }
    var found: [CompletionCandidate]
    if segment.isEmpty {
      found = (context.layerTypes + (segmentStart == nil ? ["copy"] : [])).map { .init($0) }
    } else if segmentStart == nil && segment.count == 1 && segment[0].isBare("copy") {
      found = context.names(of: .model).map { .init($0) }
    } else {
      let inSegment = Set(segment.compactMap(\.optionKey))
      let inSpec = Set(tokens.compactMap(\.optionKey))
      let layerKeys = segment[0].isOption ? [] : context.layerOptionKeys(segment[0].text)
      let keys =
        layerKeys.filter { !inSegment.contains($0) } + definition.options.map(\.key).filter { !inSpec.contains($0) }
      found = keys.map { .init($0 + "=", appendsSpace: false) }
    }
    return (wordStart, found.filter { $0.text.hasPrefix(typed) })
  }
}
