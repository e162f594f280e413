import CommandLanguage
import TextData
import Training

/// Anything a session can hold under a name.
public enum SessionObject {
  case dataset(Dataset)
  case vocabulary(Vocabulary)
  case model(TextModel)
  case vectors(WordVectors)

  /// The kind, as the command language names it.
  public var kind: ObjectKind {
    switch self {
    case .dataset: return .dataset
    case .vocabulary: return .vocabulary
    case .model: return .model
    case .vectors: return .vectors
    }
  }
}
