import Testing

@testable import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct VectorMathTests {
  @Test func expShiftedMatchesLibmAndSums() {
    var rng = RNG(seed: 5)
    let x = (0..<37).map { _ in rng.uniform(-30, 3) }
    let top = x.max() ?? 0
    var out = [Float](repeating: .nan, count: x.count)
    let sum = x.withUnsafeBufferPointer { px in
      out.withUnsafeMutableBufferPointer { po in
        VectorMath.expShifted(px.baseAddress!, shift: top, into: po.baseAddress!, count: x.count)
      }
    }
    var reference: Float = 0
    for (xi, oi) in zip(x, out) {
      let e = expf(xi - top)
      reference += e
      #expect(abs(oi - e) <= 2e-7 * max(e, 1e-30) + 1e-38)
    }
    #expect(abs(sum - reference) <= 1e-6 * reference)
  }

  @Test func expFlushesVeryNegativeInputsWithoutNaN() {
    let e = VectorMath.exp8(SIMD8<Float>(-1000, -87, -50, -1, 0, -0.5, -100, -88))
    for i in 0..<8 { #expect(e[i].isFinite && e[i] >= 0) }
    #expect(e[4] == 1)
  }

  @Test func argmaxFindsTheFirstLargestValue() {
    let x: [Float] = [1, 5, 2, 5, 0, -1, 3, 4, 5, 2, 1]
    let (value, index) = x.withUnsafeBufferPointer { VectorMath.argmax($0.baseAddress!, count: x.count) }
    #expect(value == 5 && index == 1)
    let tail: [Float] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 7]
    let r = tail.withUnsafeBufferPointer { VectorMath.argmax($0.baseAddress!, count: tail.count) }
    #expect(r.value == 7 && r.index == 9)
  }
}
