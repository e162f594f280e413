import Schema

extension Options {
  /// Layer option `key` as `T`: the given value, else the default its `OptionSpec` declares. Layer
  /// types read their options this way, so each default is stated once and `help TYPE` shows the one
  /// that is used.
  public func setting<T: OptionValue>(_ key: String, as type: T.Type = T.self) throws(LayerError) -> T {
    do {
      return try value(key, as: type)
    } catch {
      throw LayerError(error.message)
    }
  }

  /// Layer option `key` as `T` when the user gave it; nil when it keeps a default that depends on the
  /// input (such as `ff=`'s 4 × the input width, which its spec can only describe in words).
  public func givenSetting<T: OptionValue>(_ key: String, as type: T.Type = T.self) throws(LayerError) -> T? {
    has(key) ? try setting(key, as: type) : nil
  }

  /// Layer option `key`, a `.choice`, as the enum `T` whose raw values are its words.
  public func settingChoice<T: RawRepresentable>(_ key: String, as type: T.Type = T.self) throws(LayerError) -> T
  where T.RawValue == String {
    do {
      return try choice(key, as: type)
    } catch {
      throw LayerError(error.message)
    }
  }
}
