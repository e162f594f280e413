import CommandLanguage
import TextData
import Training

extension Session {
  /// Handlers for the data commands, by command name.
  static let dataHandlers: [String: Handler] = [:]
}

extension Session {
  /// `show NAME` for a dataset (owned by the data area).
  func showDataset(_ name: String, _ dataset: Dataset, _ out: CommandOutput) throws {
    out.line("\(name): \(dataset.count) examples")
  }

  /// `show NAME` for a vocabulary (owned by the data area).
  func showVocabulary(_ name: String, _ vocabulary: Vocabulary, _ out: CommandOutput) throws {
    out.line("\(name): \(vocabulary.count) tokens")
  }
}
