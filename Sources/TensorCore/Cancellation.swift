import Synchronization

/// A flag that a signal handler (Ctrl-C) raises and long-running code polls at its safe points.
///
/// Training checks it after each batch; loaders and pretraining check it between files or chunks.
public final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)

  /// A token that is not cancelled.
  public init() {}

  /// Requests cancellation; safe to call from any thread.
  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// Whether cancellation was requested since the last `reset()`.
  public var isCancelled: Bool { flag.load(ordering: .relaxed) }

  /// Clears the request; the engine calls this before each command.
  public func reset() { flag.store(false, ordering: .relaxed) }
}

/// Thrown by code that stopped at a safe point because its `CancellationToken` was raised.
public struct CancelledError: Error, CustomStringConvertible {
  public init() {}
  public var description: String { "interrupted" }
}
