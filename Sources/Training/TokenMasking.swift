import TensorCore
import TextData

/// BERT's masking for masked-language-model training (Devlin et al. 2019): each real position whose
/// token is not special is chosen with probability `probability`; a chosen position becomes the
/// `<mask>` token with probability 0.8, a random ordinary token with 0.1, and keeps its token with
/// 0.1. The loss is computed on the chosen positions only, against their original tokens.
///
/// Padding (positions at or past a row's length) and the special tokens (`<pad>`, `[CLS]`, `[SEP]`,
/// `[PAD]`, the mask token itself) are never chosen. Random replacements are drawn uniformly from the
/// vocabulary's ordinary tokens (all but `<pad>`, `<unk>`, the mask and the BERT specials).
public struct TokenMasking: Sendable, Equatable {
  /// The seed of the fixed masks used for validation and `eval … task=mlm`, so those figures
  /// replay exactly.
  public static let evaluationSeed: UInt64 = 0x6D6C_6D5F_6576_616C

  /// The id written at masked positions.
  public let maskID: Int32
  /// The chance that a real, non-special position is chosen.
  public let probability: Float
  /// Ids that are never chosen.
  public let protected: Set<Int32>
  /// Ids a random replacement is drawn from.
  public let replacements: [Int32]

  /// The masking for `vocabulary`, or nil when it has no mask token (`<mask>`, or `[MASK]` in a
  /// BERT vocabulary).
  public init?(vocabulary: Vocabulary, probability: Float = 0.15) {
    guard let mask = TokenMasking.maskID(of: vocabulary) else { return nil }
    maskID = mask
    self.probability = probability
    let specials = [Vocabulary.pad, "[PAD]", "[CLS]", "[SEP]"].compactMap { vocabulary.index[$0] }
    protected = Set(specials + [Vocabulary.padID, mask])
    let excluded = protected.union([Vocabulary.unkID] + ["[UNK]"].compactMap { vocabulary.index[$0] })
    replacements = (0..<Int32(vocabulary.count)).filter { !excluded.contains($0) }
  }

  /// The id of the vocabulary's mask token: `<mask>`, or `[MASK]` for a WordPiece vocabulary.
  public static func maskID(of vocabulary: Vocabulary) -> Int32? {
    vocabulary.index[Vocabulary.mask] ?? (vocabulary.wordPiece != nil ? vocabulary.index["[MASK]"] : nil)
  }

  /// Masks `ids` (`lengths.count` rows of `ids.count / lengths.count` positions) in place and
  /// returns the targets: the original id at every chosen position, −1 elsewhere.
  public func apply(to ids: inout [Int32], lengths: [Int], rng: inout RNG) -> [Int32] {
    var targets = [Int32](repeating: -1, count: ids.count)
    let time = lengths.isEmpty ? 0 : ids.count / lengths.count
    for (row, length) in lengths.enumerated() {
      for position in (row * time)..<(row * time + min(length, time)) where !protected.contains(ids[position]) {
        guard rng.uniform() < probability else { continue }
        targets[position] = ids[position]
        let rule = rng.uniform()
        if rule < 0.8 {
          ids[position] = maskID
        } else if rule < 0.9, !replacements.isEmpty {
          ids[position] = replacements[rng.below(replacements.count)]
        }
      }
    }
    return targets
  }
}
