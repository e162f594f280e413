/// Vectorised elementary functions for hot loops.
///
/// Written with bit tricks rather than `rounded()` or integer conversions, which Swift lowers to
/// scalar loops when no target CPU is named (the default release build).
public enum VectorMath {
  /// e^x for eight lanes with x ≤ 0 (values below −87 flush to ~0): Cephes `expf` — range
  /// reduction by ln 2 and a degree-5 polynomial; relative error about 1e-7.
  @inline(__always)
  public static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
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

  /// Writes e^(x[j] − shift) to `out[j]` for `count` elements and returns their sum (eight lanes at
  /// a time, the tail in scalar code with the same polynomial). Needs every x[j] − shift ≤ 0.
  public static func expShifted(
    _ x: UnsafePointer<Float>, shift: Float, into out: UnsafeMutablePointer<Float>, count: Int
  ) -> Float {
    var sum = SIMD8<Float>(repeating: 0)
    var j = 0
    let s = SIMD8<Float>(repeating: shift)
    while j + 8 <= count {
      let e = exp8(UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self) - s)
      UnsafeMutableRawPointer(out + j).storeBytes(of: e, as: SIMD8<Float>.self)
      sum += e
      j += 8
    }
    var total = sum.sum()
    while j < count {
      let e = exp8(SIMD8<Float>(repeating: x[j] - shift))[0]
      out[j] = e
      total += e
      j += 1
    }
    return total
  }

  /// The largest of `count` (≥ 1) values and the index of its first occurrence.
  public static func argmax(_ x: UnsafePointer<Float>, count: Int) -> (value: Float, index: Int) {
    var top = SIMD8<Float>(repeating: -.infinity)
    var j = 0
    while j + 8 <= count {
      top = pointwiseMax(top, UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self))
      j += 8
    }
    var value = top.max()
    while j < count {
      value = max(value, x[j])
      j += 1
    }
    var index = 0
    while index < count - 1 && x[index] != value { index += 1 }
    return (value, index)
  }
}
