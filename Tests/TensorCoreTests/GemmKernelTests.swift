import COpenBLAS
import TensorKernels
import Testing

@testable import TensorCore

/// The product our kernel promises: every element is the chain c = fma(a, b, c) over ascending k,
/// started from 0 or from C. Checked bit for bit against a plain Swift loop, for every instruction
/// set this CPU has, across tile, panel and block edges (MR 8, panel 32, KC 512, NC 512, MC 256).
@Suite(.serialized) struct GemmKernelTests {
  struct Case: CustomStringConvertible {
    let m: Int, n: Int, k: Int
    let transA: Bool, transB: Bool, accumulate: Bool
    var description: String { "\(m)×\(n)×\(k) tA=\(transA) tB=\(transB) acc=\(accumulate)" }
  }

  static let cases: [Case] = {
    var all: [Case] = []
    let shapes = [
      (1, 1, 1), (2, 33, 17), (3, 32, 0), (7, 5, 300), (8, 64, 9), (9, 31, 530), (33, 70, 40), (17, 530, 12),
      (260, 33, 20),
    ]
    for (i, (m, n, k)) in shapes.enumerated() {
      all.append(Case(m: m, n: n, k: k, transA: i % 2 == 1, transB: i % 3 == 1, accumulate: i % 4 >= 2))
      all.append(Case(m: m, n: n, k: k, transA: i % 2 == 0, transB: i % 3 != 1, accumulate: i % 4 < 2))
    }
    return all
  }()

  /// Operands of a case, with row strides wider than the matrices to catch stride mistakes.
  struct Operands {
    let lda: Int, ldb: Int, ldc: Int
    var a: [Float], b: [Float], c: [Float]

    init(_ t: Case, seed: UInt64) {
      var rng = RNG(seed: seed)
      let (aRows, aColumns) = t.transA ? (t.k, t.m) : (t.m, t.k)
      let (bRows, bColumns) = t.transB ? (t.n, t.k) : (t.k, t.n)
      (lda, ldb, ldc) = (aColumns + 3, bColumns + 1, t.n + 2)
      a = (0..<(max(aRows, 1) * lda)).map { _ in rng.uniform(-1, 1) }
      b = (0..<(max(bRows, 1) * ldb)).map { _ in rng.uniform(-1, 1) }
      c = (0..<(t.m * ldc)).map { _ in rng.uniform(-1, 1) }
    }

    func a(_ t: Case, _ i: Int, _ kk: Int) -> Float { t.transA ? a[kk * lda + i] : a[i * lda + kk] }
    func b(_ t: Case, _ kk: Int, _ j: Int) -> Float { t.transB ? b[j * ldb + kk] : b[kk * ldb + j] }

    /// The promised chain, element by element.
    func reference(_ t: Case) -> [Float] {
      var out = c
      for i in 0..<t.m {
        for j in 0..<t.n {
          var sum: Float = t.accumulate ? c[i * ldc + j] : 0
          for kk in 0..<t.k { sum.addProduct(a(t, i, kk), b(t, kk, j)) }
          out[i * ldc + j] = sum
        }
      }
      return out
    }

    func gemm(_ t: Case) -> [Float] {
      var out = c
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          out.withUnsafeMutableBufferPointer { pc in
            BLAS.gemm(
              transA: t.transA, transB: t.transB, m: t.m, n: t.n, k: t.k, a: pa.baseAddress!, lda: lda,
              b: pb.baseAddress!, ldb: ldb, beta: t.accumulate ? 1 : 0, c: pc.baseAddress!, ldc: ldc)
          }
        }
      }
      return out
    }
  }

  @Test func everyInstructionSetComputesTheSameChainBitForBit() {
    _ = onEveryInstructionSet { isa in
      for (index, t) in Self.cases.enumerated() {
        let operands = Operands(t, seed: UInt64(index + 1))
        #expect(operands.gemm(t) == operands.reference(t), "\(isa) \(t)")
      }
    }
  }

  @Test func packedMatrixGivesTheSameBitsAsGemm() {
    for (index, t) in Self.cases.enumerated() where !t.transA {
      let operands = Operands(t, seed: UInt64(100 + index))
      let packed = PackedMatrix()
      var out = operands.c
      operands.b.withUnsafeBufferPointer { pb in
        packed.pack(rows: t.k, columns: t.n, from: pb.baseAddress!, ld: operands.ldb, transposed: t.transB)
      }
      operands.a.withUnsafeBufferPointer { pa in
        out.withUnsafeMutableBufferPointer { pc in
          packed.multiply(
            m: t.m, a: pa.baseAddress!, lda: operands.lda, accumulate: t.accumulate, c: pc.baseAddress!,
            ldc: operands.ldc)
        }
      }
      #expect(out == operands.reference(t), "\(t)")
    }
  }

  @Test func agreesWithOpenBLAS() {
    for (index, t) in Self.cases.enumerated() {
      let operands = Operands(t, seed: UInt64(200 + index))
      var expected = operands.c
      cblas_sgemm(
        CblasRowMajor, t.transA ? CblasTrans : CblasNoTrans, t.transB ? CblasTrans : CblasNoTrans, Int32(t.m),
        Int32(t.n), Int32(t.k), 1, operands.a, Int32(operands.lda), operands.b, Int32(operands.ldb),
        t.accumulate ? 1 : 0, &expected, Int32(operands.ldc))
      let ours = operands.gemm(t)
      let worst = zip(ours, expected).map { abs($0 - $1) }.max() ?? 0
      #expect(worst < 1e-4, "\(t): differs from OpenBLAS by \(worst)")
    }
  }

  @Test func alphaScalesTheProduct() {
    let a: [Float] = [1, 2, 3, 4]
    var c: [Float] = [9, 9, 9, 9]
    BLAS.gemm(m: 2, n: 2, k: 2, alpha: 0.5, a: a, lda: 2, b: a, ldb: 2, c: &c, ldc: 2)
    #expect(c == [3.5, 5, 7.5, 11])
  }

  @Test func adamIsTheSameOnEveryInstructionSetAndMatchesTheSwiftLoop() {
    var rng = RNG(seed: 5)
    let count = 1000
    let g = (0..<count).map { _ in rng.uniform(-1, 1) }
    let start = (0..<count).map { _ in rng.uniform(-1, 1) }
    let settings = tk_adam_settings(
      beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step_size: 0.01, root_correction2: 0.03, coupled_decay: 0.01,
      shrink: 1)
    var expected = start
    var (m1, m2) = ([Float](repeating: 0.1, count: count), [Float](repeating: 0.2, count: count))
    for i in 0..<count {
      let d = g[i] + settings.coupled_decay * expected[i]
      m1[i] = settings.beta1 * m1[i] + (1 - settings.beta1) * d
      m2[i] = settings.beta2 * m2[i] + (1 - settings.beta2) * d * d
      expected[i] -= settings.step_size * m1[i] / (m2[i].squareRoot() / settings.root_correction2 + settings.epsilon)
    }
    _ = onEveryInstructionSet { isa in
      var w = start
      var (n1, n2) = ([Float](repeating: 0.1, count: count), [Float](repeating: 0.2, count: count))
      tk_adam(count, &w, g, &n1, &n2, settings)
      #expect(w == expected && n1 == m1 && n2 == m2, "\(isa)")
    }
  }
}
