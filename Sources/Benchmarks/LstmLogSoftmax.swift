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
          sum += exp8(UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) - m)
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

  /// e^x for x ≤ 0 (Cephes expf: range reduction by ln 2, degree-5 polynomial; rounding and
  /// 2ⁿ by float bit tricks, since SIMD `rounded` and int conversions are scalar loops without a
  /// named target CPU).
  @inline(__always)
  static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let floor = SIMD8<Float>(repeating: -87)
    let x = v.replacing(with: floor, where: v .< floor)
    let magic: Float = 12_582_912
    let shifted = x * 1.442_695_04 + magic
    let n = shifted - magic
    let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p = r * 1.987_569_15e-4 + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 0.166_666_655
    p = p * r + 0.500_000_01
    p = p * (r * r) + r + 1
    let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
    return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
  }
}
