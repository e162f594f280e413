extension Tensor {
  /// Runs `body` on the storage; does nothing for an empty tensor.
  @inlinable
  public func withPointer(_ body: (UnsafePointer<Float>) -> Void) {
    data.withUnsafeBufferPointer { buffer in
      if let base = buffer.baseAddress { body(base) }
    }
  }

  /// Runs `body` on the mutable storage; does nothing for an empty tensor.
  @inlinable
  public mutating func withMutablePointer(_ body: (UnsafeMutablePointer<Float>) -> Void) {
    data.withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { body(base) }
    }
  }
}
