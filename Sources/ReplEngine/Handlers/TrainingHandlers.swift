import CommandLanguage
import TextData
import Training

extension Session {
  /// Handlers for the training commands, by command name.
  static let trainingHandlers: [String: Handler] = [:]
}
