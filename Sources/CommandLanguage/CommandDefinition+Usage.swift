import Schema

extension CommandDefinition {
  /// The usage line derived from the grammar: `load NAME [from PATH] [options]`. Required options
  /// are spelled out (`n=int`), flags are shown as `[plan]`.
  public var usage: String {
    var parts = [name] + arguments.map(\.usage)
    parts += options.filter(\.required).map { "\($0.key)=\($0.kind.displayName)" }
    parts += flags.map { "[\($0)]" }
    if options.contains(where: { !$0.required }) { parts.append("[options]") }
    return parts.joined(separator: " ")
  }

  /// Every literal word of the grammar (`from`, `on`, `->`, …), at any depth.
  public var keywords: [String] { arguments.flatMap(\.keywords) }

  /// The words a command line starts with: one word, or two for `plugin load`.
  var words: [String] { name.split(separator: " ").map(String.init) }
}

extension ArgumentSpec {
  /// This element as written in a usage line.
  public var usage: String {
    switch self {
    case .keyword(let word): return word
    case .value(let name, _): return name
    case .optional(let group): return "[" + group.map(\.usage).joined(separator: " ") + "]"
    case .oneOrMore(let name, _): return "\(name)…"
    case .rest(let name): return name
    case .alternatives(let forms):
      return "(" + forms.map { $0.map(\.usage).joined(separator: " ") }.joined(separator: " | ") + ")"
    }
  }

  /// Whether this is the `.rest` element.
  var isRest: Bool {
    if case .rest = self { return true }
    return false
  }

  /// The literal words in this element.
  var keywords: [String] {
    switch self {
    case .keyword(let word): return [word]
    case .value, .oneOrMore, .rest: return []
    case .optional(let group): return group.flatMap(\.keywords)
    case .alternatives(let forms): return forms.flatMap { $0.flatMap(\.keywords) }
    }
  }
}
