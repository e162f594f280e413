import COpenBLAS
import TensorCore

/// One product shape of the LSTM configurations, as `BLAS.gemm` receives it.
private struct GemmShape {
  let label: String
  let m: Int, n: Int, k: Int
  var transA = false, transB = false
  /// Whether the layer multiplies by this B once per time step (so packs it once per sequence).
  var perStep = false
}

/// GEMM throughput of our kernel (`BLAS.gemm`, and `PackedMatrix` for the per-step shapes) beside
/// OpenBLAS `cblas_sgemm` on one thread, on a large square and on every product of configs A, B and C.
func gemmBenchmarks() {
  openblas_set_num_threads(1)
  let shapes: [GemmShape] = [
    GemmShape(label: "square-1024", m: 1024, n: 1024, k: 1024),
    GemmShape(label: "A step h·W_hhᵀ", m: 32, n: 1024, k: 256, transB: true, perStep: true),
    GemmShape(label: "A step dG·W_hh", m: 32, n: 256, k: 1024, perStep: true),
    GemmShape(label: "A x·W_ihᵀ", m: 4096, n: 1024, k: 128, transB: true),
    GemmShape(label: "A dG·W_ih", m: 4096, n: 128, k: 1024),
    GemmShape(label: "A dGᵀ·h", m: 1024, n: 256, k: 4096, transA: true),
    GemmShape(label: "B step h·W_hhᵀ", m: 64, n: 512, k: 128, transB: true, perStep: true),
    GemmShape(label: "B step dG·W_hh", m: 64, n: 128, k: 512, perStep: true),
    GemmShape(label: "C head h·Wᵀ", m: 2048, n: 10000, k: 256, transB: true),
    GemmShape(label: "C head dY·W", m: 2048, n: 256, k: 10000),
    GemmShape(label: "C head dYᵀ·h", m: 10000, n: 256, k: 2048, transA: true),
  ]
  for shape in shapes { measure(shape) }
}

private func measure(_ s: GemmShape) {
  let (m, n, k) = (s.m, s.n, s.k)
  let (lda, ldb) = (s.transA ? m : k, s.transB ? k : n)
  let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
  let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
  let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
  defer { for pointer in [a, b, c] { pointer.deallocate() } }
  var rng = RNG(seed: 7)
  for i in 0..<(m * k) { a[i] = rng.uniform(-1, 1) }
  for i in 0..<(k * n) { b[i] = rng.uniform(-1, 1) }
  c.initialize(repeating: 0, count: m * n)
  let flops = 2.0 * Double(m * n * k)
  let calls = max(1, Int(1e9 / flops))
  let plan = TimingPlan(arguments: [])
  func rate(_ body: () -> Void) -> RateSummary {
    RateSummary(rates: plan.blocks(perBlock: calls, unitsPerCall: 1) { _ in body() }.map { $0 * flops / 1e9 })
  }
  let ours = rate {
    BLAS.gemm(transA: s.transA, transB: s.transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: n)
  }
  let openblas = rate {
    cblas_sgemm(
      CblasRowMajor, s.transA ? CblasTrans : CblasNoTrans, s.transB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n),
      Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(n))
  }
  var packedJSON = ""
  if s.perStep {
    let packed = PackedMatrix()
    packed.pack(rows: k, columns: n, from: b, ld: ldb, transposed: s.transB)
    let summary = rate { packed.multiply(m: m, a: a, lda: lda, c: c, ldc: n) }
    packedJSON = ",\"packed_once_median\":\(round1(summary.median))"
  }
  print(
    "{\"bench\":\"gemm\",\"figure\":\"gflops\",\"shape\":\"\(s.label)\",\"m\":\(m),\"n\":\(n),\"k\":\(k),"
      + "\"threads\":1,\"isa\":\"\(BLAS.instructionSet)\",\(ours.json)\(packedJSON),"
      + "\"openblas_median\":\(round1(openblas.median)),\"ratio\":\(round2(ours.median / openblas.median))}")
}
