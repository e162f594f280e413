/// A growable, zero-initialised scratch array with a raw pointer for hot loops.
///
/// The recurrent layers keep every per-batch buffer in one of these, so that after the first
/// batch of a given size no call allocates. Growing discards the contents.
public final class ScratchBuffer<Element: BitwiseCopyable> {
  /// The storage; valid for `capacity` elements until the next `reserve` that grows it.
  public private(set) var pointer: UnsafeMutablePointer<Element>
  /// How many elements fit.
  public private(set) var capacity: Int
  private let zero: Element

  /// An empty buffer whose fresh storage is filled with `zero`.
  public init(zero: Element) {
    self.zero = zero
    self.capacity = 0
    self.pointer = .allocate(capacity: 1)
  }

  /// Makes room for `count` elements and returns the storage (zeroed when it had to grow).
  @discardableResult
  public func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
    if count > capacity {
      pointer.deallocate()
      pointer = .allocate(capacity: count)
      pointer.initialize(repeating: zero, count: count)
      capacity = count
    }
    return pointer
  }

  /// Sets the first `count` elements to zero.
  public func clear(_ count: Int) {
    pointer.update(repeating: zero, count: min(count, capacity))
  }

  deinit { pointer.deallocate() }
}
