import Dispatch
import Synchronization

/// Per-thread pair counts and stop flags, written once per thread at the end of its work.
final class SharedCounters: Sendable {
  private let counts: Mutex<[Int]>
  private let stop = Atomic<Bool>(false)

  init(_ threads: Int) { counts = Mutex([Int](repeating: 0, count: threads)) }

  func set(_ thread: Int, _ value: Int) { counts.withLock { $0[thread] = value } }
  func stopped(_ thread: Int) { stop.store(true, ordering: .relaxed) }
  var sum: Int { counts.withLock { $0.reduce(0, +) } }
  var anyStopped: Bool { stop.load(ordering: .relaxed) }
  func deallocate() {}
}

/// Runs `body(0..<n)` on `n` threads and waits for all of them.
func runConcurrently(_ n: Int, _ body: @escaping @Sendable (Int) -> Void) {
  DispatchQueue.concurrentPerform(iterations: n, execute: body)
}
