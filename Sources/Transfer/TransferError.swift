/// A transfer, checkpoint, vectors or pretraining failure: one line naming what is wrong and where.
///
/// Every operation in this module computes its result completely before changing anything, so a
/// thrown `TransferError` means nothing was changed.
public struct TransferError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The one-line message shown after `error: `.
  public let message: String
  /// An error with `message`.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

/// `[10002, 128]`: how shapes appear in plans and errors.
func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
