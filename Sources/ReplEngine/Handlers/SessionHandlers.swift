import CommandLanguage
import TextData
import Training

extension Session {
  /// Handlers for the session commands, by command name.
  static let sessionHandlers: [String: Handler] = [:]
}
