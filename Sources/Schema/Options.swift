/// An error in a `key=value` option: what is wrong, with the key it concerns.
public struct OptionError: Error, Sendable, Equatable, CustomStringConvertible {
  public let key: String
  public let message: String
  public init(key: String, message: String) {
    self.key = key
    self.message = message
  }
  public var description: String { message }
}

/// Validated option values, read with typed accessors that fall back to the spec's default.
public struct Options: Sendable {
  /// The specs these values were checked against.
  public let specs: [OptionSpec]
  /// The values as written, by key (only the keys the user gave).
  public let given: [String: String]

  /// Checks `pairs` against `specs`: unknown keys (with a "did you mean"), repeated keys, values of
  /// the wrong type and missing required options are errors.
  public init(_ pairs: [(key: String, value: String)], specs: [OptionSpec]) throws(OptionError) {
    var given: [String: String] = [:]
    for (key, value) in pairs {
      guard let spec = specs.first(where: { $0.key == key }) else {
        let hint = suggestion(for: key, among: specs.map(\.key)).map { " (did you mean '\($0)='?)" } ?? ""
        throw OptionError(key: key, message: "unknown option '\(key)='\(hint)")
      }
      if given[key] != nil { throw OptionError(key: key, message: "option '\(key)=' is given twice") }
      try Options.validate(value, spec)
      given[key] = value
    }
    for spec in specs where spec.required && given[spec.key] == nil {
      throw OptionError(key: spec.key, message: "missing option '\(spec.key)='")
    }
    self.specs = specs
    self.given = given
  }

  /// The raw text for `key`: the given value, else the default.
  public func raw(_ key: String) -> String? { given[key] ?? specs.first { $0.key == key }?.defaultValue }

  /// Whether the user wrote `key=` explicitly.
  public func has(_ key: String) -> Bool { given[key] != nil }

  public func int(_ key: String) -> Int? { raw(key).flatMap { Int($0) } }
  public func double(_ key: String) -> Double? { raw(key).flatMap { Double($0) } }
  public func float(_ key: String) -> Float? { raw(key).flatMap { Float($0) } }
  public func bool(_ key: String) -> Bool? { raw(key).flatMap(Options.parseBool) }
  public func string(_ key: String) -> String? { raw(key) }
  public func list(_ key: String) -> [String]? {
    raw(key).map { $0.split(separator: ",").map { String($0).trimmed } }
  }

  /// The value of `key` as `T`: the given value, else the default the command declares. Handlers
  /// read every option that has a declared default (or is required) this way, so the default is
  /// stated once, in the `OptionSpec`, and `help` shows the one that is used.
  public func value<T: OptionValue>(_ key: String, as type: T.Type = T.self) throws(OptionError) -> T {
    guard let text = raw(key) else {
      throw OptionError(key: key, message: "option '\(key)=' has no value and declares no default")
    }
    guard let value = T(optionText: text) else {
      throw OptionError(key: key, message: "option '\(key)=' cannot be read as \(T.self), got '\(text)'")
    }
    return value
  }

  /// `value(key)` when the command declares `key`, else nil: for a reader shared by commands that
  /// take only some of its options (`curve` takes part of `train`'s), which then keeps its own
  /// setting for the others.
  public func declared<T: OptionValue>(_ key: String, as type: T.Type = T.self) throws(OptionError) -> T? {
    declares(key) ? try value(key, as: type) : nil
  }

  /// Whether the command declares option `key` (given or not).
  public func declares(_ key: String) -> Bool { specs.contains { $0.key == key } }

  /// The value of a `.choice` option `key` as the enum `T` whose raw values are its words.
  public func choice<T: RawRepresentable>(_ key: String, as type: T.Type = T.self) throws(OptionError) -> T
  where T.RawValue == String {
    let word = try value(key, as: String.self)
    guard let choice = T(rawValue: word) else {
      throw OptionError(key: key, message: "option '\(key)=' has no meaning for '\(word)'")
    }
    return choice
  }

  /// `yes`/`true`/`on`/`1` and `no`/`false`/`off`/`0`.
  public static func parseBool(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "yes", "true", "on", "1": return true
    case "no", "false", "off", "0": return false
    default: return nil
    }
  }

  private static func validate(_ value: String, _ spec: OptionSpec) throws(OptionError) {
    func fail(_ expected: String) -> OptionError {
      OptionError(key: spec.key, message: "option '\(spec.key)=' expects \(expected), got '\(value)'")
    }
    switch spec.kind {
    case .int(let min):
      let digits = value.drop { $0 == "-" || $0 == "+" }
      if Int(value) == nil, value.count - digits.count <= 1, !digits.isEmpty,
        digits.allSatisfy({ $0.isASCII && $0.isNumber })
      {
        throw OptionError(
          key: spec.key,
          message:
            "option '\(spec.key)=' is out of range, got '\(value)' (the range is \(min ?? Int.min) to \(Int.max))")
      }
      guard let n = Int(value) else { throw fail("a whole number") }
      if let min, n < min { throw fail("a whole number ≥ \(min)") }
    case .float(let positive):
      guard let x = Double(value), x.isFinite else { throw fail("a number") }
      if positive && x <= 0 { throw fail("a number > 0") }
    case .bool:
      if parseBool(value) == nil { throw fail("yes or no") }
    case .choice(let words):
      if !words.contains(value) {
        let hint = suggestion(for: value, among: words).map { " (did you mean '\($0)'?)" } ?? ""
        throw OptionError(
          key: spec.key,
          message: "option '\(spec.key)=' must be one of \(words.joined(separator: ", ")), got '\(value)'\(hint)")
      }
    case .string, .list, .path:
      if value.isEmpty { throw fail("a value") }
    }
  }
}

/// A type an option's text converts to, for `Options.value(_:as:)`.
public protocol OptionValue {
  /// The value `text` stands for, or nil when it does not convert.
  init?(optionText text: String)
}

extension Int: OptionValue {
  /// A whole number.
  public init?(optionText text: String) { self.init(text) }
}

extension Double: OptionValue {
  /// A number.
  public init?(optionText text: String) { self.init(text) }
}

extension Float: OptionValue {
  /// A number.
  public init?(optionText text: String) { self.init(text) }
}

extension Bool: OptionValue {
  /// `yes`/`no` and the other spellings `Options.parseBool` accepts.
  public init?(optionText text: String) {
    guard let value = Options.parseBool(text) else { return nil }
    self = value
  }
}

extension String: OptionValue {
  /// The text as written.
  public init?(optionText text: String) { self = text }
}

extension Array: OptionValue where Element == String {
  /// A comma-separated list, each item trimmed.
  public init?(optionText text: String) { self = text.split(separator: ",").map { String($0).trimmed } }
}
