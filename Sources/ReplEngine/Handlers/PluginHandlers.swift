import CommandLanguage
import TextData
import Training

extension Session {
  /// Handlers for the plugin commands, by command name.
  static let pluginHandlers: [String: Handler] = [:]
}
