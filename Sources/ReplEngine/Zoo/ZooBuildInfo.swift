import Foundation

/// What `build.json` records about one build of a zoo entry (snake_case keys in the file).
public struct ZooBuildInfo: Codable, Sendable, Equatable {
  /// The version of the tool that built it (the `repl` binary's version).
  public static let toolVersion = replVersion

  /// The entry's name.
  public var name: String
  /// SHA-256 (hex) of the normalised recipe.
  public var recipeHash: String
  /// The entry's corpus line.
  public var corpus: String
  /// The recipe's product (the object saved).
  public var product: String
  /// The recipe, one command a line, as it ran.
  public var recipe: [String]
  /// The model's vocabulary size in tokens (nil: no vocabulary).
  public var vocabularySize: Int?
  /// Perplexity on the training text in the last language-model epoch of the run.
  public var trainPerplexity: Double?
  /// Perplexity on the validation text (`val=`) in that epoch, when the recipe had one.
  public var validationPerplexity: Double?
  /// The size of `model.safetensors` in bytes.
  public var sizeBytes: Int
  /// SHA-256 (hex) of `model.safetensors`.
  public var sha256: String
  /// `toolVersion` of the build.
  public var toolVersion: String
  /// When it was built (ISO 8601, UTC).
  public var date: String

  enum CodingKeys: String, CodingKey {
    case name, corpus, product, recipe, date, sha256
    case recipeHash = "recipe_hash"
    case vocabularySize = "vocabulary_size"
    case trainPerplexity = "train_perplexity"
    case validationPerplexity = "validation_perplexity"
    case sizeBytes = "size_bytes"
    case toolVersion = "tool_version"
  }

  /// The perplexity to show first: on validation text when there was some, else on training text.
  public var perplexity: Double? { validationPerplexity ?? trainPerplexity }

  /// The pretty-printed JSON text (sorted keys, so the file is stable).
  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }

  /// Parses `build.json`'s bytes.
  static func decode(_ data: Data) throws -> ZooBuildInfo { try JSONDecoder().decode(ZooBuildInfo.self, from: data) }
}
