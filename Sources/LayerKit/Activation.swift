import TensorCore

/// What flows between layers: token ids, a sequence of feature vectors, or one vector per example.
public enum FeatureShape: Sendable, Equatable, CustomStringConvertible {
  /// Token ids in 0..<vocabulary (0 is `<pad>`).
  case tokens(vocabulary: Int)
  /// A `[batch, time, features]` sequence.
  case sequence(Int)
  /// A `[batch, features]` vector.
  case vector(Int)

  /// The feature width (the vocabulary size for tokens).
  public var width: Int {
    switch self {
    case .tokens(let v): return v
    case .sequence(let f), .vector(let f): return f
    }
  }

  /// How `show` prints it: `T×64`, `64`, `tokens`.
  public var description: String {
    switch self {
    case .tokens: return "T (ids)"
    case .sequence(let f): return "T×\(f)"
    case .vector(let f): return "\(f)"
    }
  }
}

/// A batch as it flows through the network: values plus the padding information.
///
/// Sequences are right-padded: example `b` has `lengths[b]` real steps, positions at or after it are
/// padding and must never influence outputs or gradients.
public struct Activation: Sendable {
  /// The number of examples.
  public var batch: Int
  /// The padded sequence length (1 for vectors).
  public var time: Int
  /// The real length of each example (all ≥ 1).
  public var lengths: [Int]
  /// `[batch, time, F]` for sequences, `[batch, F]` for vectors; empty for token input.
  public var values: Tensor
  /// `batch × time` token ids, row-major, for token input; empty otherwise.
  public var tokens: [Int32]

  /// A token-id batch.
  public init(tokens: [Int32], batch: Int, time: Int, lengths: [Int]) {
    self.batch = batch
    self.time = time
    self.lengths = lengths
    self.tokens = tokens
    self.values = Tensor(shape: [0])
  }

  /// A batch of values (sequence when `values` is 3-D, vectors when 2-D).
  public init(values: Tensor, lengths: [Int]) {
    self.batch = values.shape[0]
    self.time = values.shape.count == 3 ? values.shape[1] : 1
    self.lengths = lengths
    self.values = values
    self.tokens = []
  }

  /// Whether position `t` of example `b` is a real token (not padding).
  @inlinable public func isReal(_ b: Int, _ t: Int) -> Bool { t < lengths[b] }
}
