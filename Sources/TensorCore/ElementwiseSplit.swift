import Dispatch

/// Elementwise work over arrays, cut into contiguous parts that run on several threads at once.
///
/// Only for work where each element's result depends on that element's inputs alone (an optimizer
/// update, a weighted sum of two gradients, a copy): the bits are then the same however the work is
/// cut. `train threads=2` uses it for the steps that come after both halves of a batch have joined,
/// which otherwise run on one thread while the other waits.
public enum ElementwiseSplit {
  /// Below this many elements the work runs on the calling thread: starting a second thread costs
  /// more than it saves.
  public static let minimumCount = 1 << 15

  /// Calls `body` with ranges that cover `0..<count` exactly once: the whole range on the calling
  /// thread when `threads` ≤ 1 or `count` < `minimumCount`, else `threads` contiguous ranges (whose
  /// bounds are multiples of 16 elements, one AVX-512 vector) on as many threads, and returns when
  /// all have run.
  public static func run(count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    guard threads > 1, count >= minimumCount else {
      body(0..<count)
      return
    }
    let parts = threads
    let step = (count / parts + 15) / 16 * 16
    withoutActuallyEscaping(body) { work in
      let shared = UncheckedSendable(work)
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let start = min(part * step, count)
        let end = part == parts - 1 ? count : min(start + step, count)
        if start < end { shared.value(start..<end) }
      }
    }
  }
}
