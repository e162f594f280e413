import CommandLanguage

extension Session {
  /// Handlers for the transfer commands, by command name.
  static let transferHandlers: [String: Handler] = [:]
}
