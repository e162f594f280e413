import Synchronization

/// A flag that a signal handler (Ctrl-C) raises and long-running code polls at its safe points.
///
/// Training checks it after each batch; loaders and pretraining check it between files or chunks.
public final class CancellationToken: Sendable {
  private let flag = Atomic<Bool>(false)
  private let sticky = Atomic<Bool>(false)

  /// A token that is not cancelled.
  public init() {}

  /// Requests cancellation; safe to call from any thread.
  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// Requests cancellation that `reset()` does not clear (SIGTERM, or Ctrl-C during a batch run):
  /// the running command stops at its next safe point and any later one at its first.
  public func cancelAll() {
    sticky.store(true, ordering: .relaxed)
    flag.store(true, ordering: .relaxed)
  }

  /// Whether cancellation was requested since the last `reset()`, or by `cancelAll()`.
  public var isCancelled: Bool { flag.load(ordering: .relaxed) || sticky.load(ordering: .relaxed) }

  /// Clears a `cancel()` request; the engine calls this before each command.
  public func reset() { flag.store(false, ordering: .relaxed) }

  /// Clears every request, `cancelAll()` included (a batch run that goes on at the prompt).
  public func resetAll() {
    sticky.store(false, ordering: .relaxed)
    flag.store(false, ordering: .relaxed)
  }
}

/// Thrown by code that stopped at a safe point because its `CancellationToken` was raised.
public struct CancelledError: Error, CustomStringConvertible {
  public init() {}
  public var description: String { "interrupted" }
}
