import LineEditing
import Synchronization
import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// Process signals as flags: the handlers only store atomics (async-signal-safe); the driver polls.
///
/// SIGINT raises the session's cancellation token (a running command stops at its next safe point)
/// and, at the prompt, ends the read so the line is cleared. SIGHUP and SIGTERM also ask the driver
/// to save the history and exit.
final class Signals: Sendable {
  /// The one instance the C handler reaches.
  static let shared = Signals()

  /// The token given to the session.
  let token = CancellationToken()
  private let interrupts = Atomic<Int>(0)
  private let termination = Atomic<Int32>(0)

  /// Installs the handlers (call once, before the session starts).
  static func install() {
    _ = shared
    installSignalHandler(SIGINT, onSignal)
    installSignalHandler(SIGHUP, onSignal)
    installSignalHandler(SIGTERM, onSignal)
  }

  /// Records a signal (called from the C handler).
  func record(_ signal: Int32) {
    token.cancel()
    if signal == SIGINT {
      interrupts.add(1, ordering: .relaxed)
    } else {
      termination.store(signal, ordering: .relaxed)
    }
  }

  /// Whether Ctrl-C was pressed since the last `clearInterrupt()`.
  var interrupted: Bool { interrupts.load(ordering: .relaxed) > 0 }

  /// Whether Ctrl-C, SIGHUP or SIGTERM asks a batch run to stop.
  var stopRequested: Bool { interrupted || terminationSignal != nil }

  /// Forgets earlier Ctrl-C presses.
  func clearInterrupt() { interrupts.store(0, ordering: .relaxed) }

  /// SIGHUP or SIGTERM, once received.
  var terminationSignal: Int32? {
    let s = termination.load(ordering: .relaxed)
    return s == 0 ? nil : s
  }
}

/// The C signal handler: only atomic stores.
private let onSignal: @convention(c) (Int32) -> Void = { Signals.shared.record($0) }
