/// A value handed to other threads where the caller guarantees there is no data race: each thread
/// touches only its own part (its own range of elements, its own result slot, its own replica).
public struct UncheckedSendable<T>: @unchecked Sendable {
  /// The value itself.
  public let value: T

  /// Wraps `value`.
  public init(_ value: T) { self.value = value }
}
