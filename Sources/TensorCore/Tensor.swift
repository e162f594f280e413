/// A dense, row-major Float32 tensor with value semantics (copy-on-write through `Array`).
///
/// The last dimension is contiguous. Layers keep their working buffers in tensors and reach the
/// raw storage with `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer` in hot loops.
public struct Tensor: Sendable, Equatable {
  /// The size of each dimension, outermost first.
  public var shape: [Int]
  /// The elements in row-major order; `data.count == shape.reduce(1, *)`.
  public var data: [Float]

  /// A tensor of the given shape filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    self.shape = shape
    self.data = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of the given shape whose elements are left unset, for an output that a kernel then
  /// writes in full (saves zeroing memory that is overwritten at once).
  public init(uninitializedShape shape: [Int]) {
    let n = shape.reduce(1, *)
    self.shape = shape
    self.data = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }
  }

  /// A tensor wrapping existing elements; `data.count` must equal the product of `shape`.
  public init(shape: [Int], data: [Float]) {
    precondition(data.count == shape.reduce(1, *), "tensor data does not match shape \(shape)")
    self.shape = shape
    self.data = data
  }

  /// The number of elements.
  @inlinable public var count: Int { data.count }

  /// The element at a multi-dimensional index (slow path: for tests and small code).
  public subscript(_ index: Int...) -> Float {
    get { data[offset(index)] }
    set { data[offset(index)] = newValue }
  }

  private func offset(_ index: [Int]) -> Int {
    var flat = 0
    for (i, dim) in zip(index, shape) { flat = flat * dim + i }
    return flat
  }

  /// The same elements viewed with another shape of equal element count.
  public func reshaped(_ newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, data: data)
  }

  /// Sets every element to zero, keeping the storage.
  public mutating func zero() {
    data.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }

  /// Resizes to `newShape`, reusing the storage when its capacity suffices; the contents are
  /// zeroed. Used by layers to keep per-batch buffers without allocating each step.
  public mutating func resize(to newShape: [Int]) {
    let fresh = newShape.reduce(1, *) > data.capacity
    resizeForOverwrite(to: newShape)
    if !fresh { zero() }  // new storage is already zeroed
  }

  /// Resizes to `newShape` for an output that is about to be overwritten. The storage is kept
  /// whenever its capacity suffices (old contents stay, elements added are zero), so a buffer whose
  /// size varies from step to step (varied BPTT windows, the last short batch) is not reallocated
  /// and faulted in again; otherwise new zeroed storage is allocated.
  public mutating func resizeForOverwrite(to newShape: [Int]) {
    let n = newShape.reduce(1, *)
    shape = newShape
    if n < data.count {
      data.removeLast(data.count - n)
    } else if n > data.count, n <= data.capacity {
      data.append(contentsOf: repeatElement(0, count: n - data.count))
    } else if n > data.count {
      data = [Float](repeating: 0, count: n)
    }
  }

  /// The Euclidean norm of all elements, accumulated in Double.
  public var norm: Double {
    var s = 0.0
    for v in data { s += Double(v) * Double(v) }
    return s.squareRoot()
  }
}
