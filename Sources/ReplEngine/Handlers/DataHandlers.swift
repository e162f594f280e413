import CommandLanguage

extension Session {
  /// Handlers for the data commands, by command name.
  static let dataHandlers: [String: Handler] = [:]
}
