/// The type of an option value, used to validate `key=value` pairs and to generate help.
public enum OptionKind: Sendable, Equatable {
  /// A whole number, optionally bounded below.
  case int(min: Int? = nil)
  /// A real number, optionally bounded below (exclusive when `positive`).
  case float(positive: Bool = false)
  /// `yes`/`no`/`true`/`false`.
  case bool
  /// One of a fixed set of words.
  case choice([String])
  /// Any word or quoted string.
  case string
  /// A comma-separated list of words.
  case list
  /// A file-system path.
  case path

  /// A short name for help tables ("int", "yes|no", "adam|adamw|sgd", …).
  public var displayName: String {
    switch self {
    case .int: return "int"
    case .float: return "number"
    case .bool: return "yes|no"
    case .choice(let words): return words.joined(separator: "|")
    case .string: return "text"
    case .list: return "a,b,…"
    case .path: return "path"
    }
  }
}

/// One `key=value` option of a command or a layer type: its key, type, default and help line.
public struct OptionSpec: Sendable, Equatable {
  public let key: String
  public let kind: OptionKind
  /// The default as the user would write it, or nil when the option is required or has no default.
  public let defaultValue: String?
  public let help: String
  public let required: Bool

  public init(
    _ key: String, _ kind: OptionKind, default defaultValue: String? = nil, required: Bool = false,
    help: String
  ) {
    self.key = key
    self.kind = kind
    self.defaultValue = defaultValue
    self.required = required
    self.help = help
  }
}
