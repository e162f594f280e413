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
/// to save the history and exit. In a batch run (`--run`, `-c`, piped input) every signal stops the
/// run: the token stays raised (`cancelAll`), so a signal that arrives between two commands still
/// stops the next one at once, and the exit status says which signal it was (130, 129, 143).
final class Signals: Sendable {
  /// The one instance the C handler reaches.
  static let shared = Signals()

  /// The token given to the session.
  let token = CancellationToken()
  private let interrupts = Atomic<Int>(0)
  private let termination = Atomic<Int32>(0)
  private let batch = Atomic<Bool>(false)

  /// Installs the handlers (call once, before the session starts); `batch` for `--run`, `-c` and
  /// piped input.
  static func install(batch: Bool) {
    shared.batch.store(batch, ordering: .relaxed)
    installSignalHandler(SIGINT, onSignal)
    installSignalHandler(SIGHUP, onSignal)
    installSignalHandler(SIGTERM, onSignal)
  }

  /// Records a signal (called from the C handler).
  func record(_ signal: Int32) {
    if signal == SIGINT && !batch.load(ordering: .relaxed) { token.cancel() } else { token.cancelAll() }
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

  /// The exit status of a batch run that a signal stopped (128 + SIGHUP or SIGTERM, else 130 for
  /// Ctrl-C), or nil when no signal asked it to stop.
  var stopStatus: Int32? {
    if let signal = terminationSignal { return 128 + signal }
    return interrupted ? 130 : nil
  }

  /// Leaves batch mode for the prompt (`--run FILE -i`): a Ctrl-C during the run no longer cancels
  /// the commands typed next.
  func enterPrompt() {
    batch.store(false, ordering: .relaxed)
    if terminationSignal == nil { token.resetAll() }
  }
}

/// The C signal handler: only atomic stores.
private let onSignal: @convention(c) (Int32) -> Void = { Signals.shared.record($0) }
