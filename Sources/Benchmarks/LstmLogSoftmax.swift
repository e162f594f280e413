import LayerKit
import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// The normalisation of language-model inference (PyTorch's peer runs `log_softmax` too).
enum LogSoftmax {
  /// Replaces each row of `logits` by its log-softmax.
  static func apply(_ logits: inout Tensor) {
    let classes = logits.shape.last ?? 1
    let rows = logits.count / classes
    logits.data.withUnsafeMutableBufferPointer { x in
      guard let base = x.baseAddress else { return }
      for row in 0..<rows {
        let p = base + row * classes
        let m = maximum(p, classes)
        var sum = SIMD8<Float>(repeating: 0)
        var j = 0
        while j + 8 <= classes {
          sum += VectorMath.exp8(UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) - m)
          j += 8
        }
        var s = sum.sum()
        for k in j..<classes { s += expf(p[k] - m) }
        let shift = m + logf(s)
        for k in 0..<classes { p[k] -= shift }
      }
    }
  }

  static func maximum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
    var m = -Float.infinity
    for k in 0..<count { m = max(m, x[k]) }
    return m
  }
}
