import TensorCore

extension Tensor {
  /// Sets the elements from `start` on to successive `draw()` values (a layer's initialisation),
  /// polling the running command's cancellation token every 65,536 elements and stopping early when
  /// it is raised: `Network.init` then throws after the layer, so a half-filled tensor never escapes.
  public mutating func fill(from start: Int = 0, _ draw: () -> Float) {
    let token = CancellationToken.current
    let chunk = 1 << 16
    var i = start
    while i < count {
      if token?.isCancelled == true { return }
      let end = Swift.min(count, i + chunk)
      data.withUnsafeMutableBufferPointer { p in
        for k in i..<end { p[k] = draw() }
      }
      i = end
    }
  }
}
