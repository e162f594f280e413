/// Vectorised tanh and sigmoid for the recurrent cells, eight lanes at a time.
///
/// `tanh` is Eigen's rational approximation (odd degree-13 numerator over even degree-6
/// denominator on [-7.9, 7.9], clamped outside), accurate to a few 1e-7 absolute; `sigmoid` is
/// `0.5 + 0.5·tanh(x/2)`. Only plain multiply, add, divide, min and max are used: without a named
/// target CPU, `addingProduct` would become one scalar `fmaf` call per lane.
public enum FastMath {
  /// tanh(x) for eight lanes.
  @inlinable @inline(__always)
  public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let limit = SIMD8<Float>(repeating: 7.905_311_107_635_498_05)
    let x = pointwiseMin(pointwiseMax(x, -limit), limit)
    let x2 = x * x
    var p = x2 * -2.760_768_477_423_55e-16 + 2.000_187_904_824_77e-13
    p = p * x2 + -8.604_671_522_137_35e-11
    p = p * x2 + 5.122_297_090_371_14e-08
    p = p * x2 + 1.485_722_357_179_79e-05
    p = p * x2 + 6.372_619_288_754_36e-04
    p = p * x2 + 4.893_524_558_917_86e-03
    var q = x2 * 1.198_258_394_667_02e-06 + 1.185_347_056_866_54e-04
    q = q * x2 + 2.268_434_632_439_00e-03
    q = q * x2 + 4.893_525_185_543_85e-03
    return x * p / q
  }

  /// The logistic sigmoid 1 / (1 + e⁻ˣ) for eight lanes.
  @inlinable @inline(__always)
  public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
    0.5 + 0.5 * tanh(0.5 * x)
  }

  /// Loads `width` (1…8) floats from `p`; lanes past `width` are zero.
  @inlinable @inline(__always)
  public static func load(_ p: UnsafePointer<Float>, _ width: Int) -> SIMD8<Float> {
    if width == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
    var v = SIMD8<Float>(repeating: 0)
    for k in 0..<width { v[k] = p[k] }
    return v
  }

  /// Stores the first `width` (1…8) lanes of `v` at `p`.
  @inlinable @inline(__always)
  public static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ width: Int) {
    if width == 8 {
      UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
      return
    }
    for k in 0..<width { p[k] = v[k] }
  }
}
