import CommandLanguage

extension Session {
  /// Handlers for the training commands, by command name.
  static let trainingHandlers: [String: Handler] = [:]
}
