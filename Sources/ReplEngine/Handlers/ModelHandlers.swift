import CommandLanguage
import TextData
import Training

extension Session {
  /// Handlers for the model commands, by command name.
  static let modelHandlers: [String: Handler] = [:]
}

extension Session {
  /// `show NAME` for a model, or for one layer when `layer` is given (owned by the model area).
  func showModel(_ name: String, _ model: TextModel, layer: String?, _ out: CommandOutput) throws {
    out.line("\(name): \(model.network.layers.count) layers")
  }
}
