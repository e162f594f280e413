import CommandLanguage

extension Session {
  /// Handlers for the model commands, by command name.
  static let modelHandlers: [String: Handler] = [:]
}
