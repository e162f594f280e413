import Testing

@testable import TensorCore

@Suite struct BLASTests {
  @Test func matmulMatchesNaiveProduct() {
    var rng = RNG(seed: 3)
    let a = Tensor(shape: [5, 7], data: (0..<35).map { _ in rng.uniform(-1, 1) })
    let b = Tensor(shape: [7, 4], data: (0..<28).map { _ in rng.uniform(-1, 1) })
    var c = Tensor(shape: [5, 4])
    BLAS.matmul(a, b, into: &c)
    for i in 0..<5 {
      for j in 0..<4 {
        var s: Float = 0
        for k in 0..<7 { s += a[i, k] * b[k, j] }
        #expect(abs(c[i, j] - s) < 1e-5)
      }
    }
  }

  @Test func transposedOperands() {
    let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
    var c = Tensor(shape: [3, 3])
    BLAS.matmul(a, a, transA: true, into: &c)  // AᵀA
    #expect(c.data == [17, 22, 27, 22, 29, 36, 27, 36, 45])
  }
}
