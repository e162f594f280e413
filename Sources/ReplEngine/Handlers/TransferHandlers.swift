import CommandLanguage
import TextData
import Training

extension Session {
  /// Handlers for the transfer commands, by command name.
  static let transferHandlers: [String: Handler] = [:]
}

extension Session {
  /// `show NAME` for word vectors (owned by the transfer area).
  func showVectors(_ name: String, _ vectors: WordVectors, _ out: CommandOutput) throws {
    out.line("\(name): \(vectors.words.count) vectors of dimension \(vectors.dimension)")
  }

  /// `load NAME from FILE.safetensors` (called by the data area's `load`): restores a model.
  func loadCheckpoint(name: String, path: String, _ out: CommandOutput) throws {
    throw ReplError("checkpoints are not implemented yet")
  }
}
