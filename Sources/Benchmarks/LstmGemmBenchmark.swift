import TensorCore

/// GEMM throughput through `BLAS.gemm` (one OpenBLAS thread): a large square, the per-step shapes
/// of configs A and B (forward h·W_hhᵀ and backward dG·W_hh) and config C's output projection.
func gemmBenchmarks() {
  let shapes: [(label: String, m: Int, n: Int, k: Int, transB: Bool)] = [
    ("square-1024", 1024, 1024, 1024, false),
    ("A-step-recur B x H @ H x 4H", 32, 1024, 256, true),
    ("A-step-bwd B x 4H @ 4H x H", 32, 256, 1024, false),
    ("B-step-recur B x H @ H x 4H", 64, 512, 128, true),
    ("C-out-proj BT x H @ H x V", 2048, 10000, 256, true),
  ]
  let plan = TimingPlan(arguments: [])
  for shape in shapes {
    let (m, n, k) = (shape.m, shape.n, shape.k)
    let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
    defer { [a, b, c].forEach { $0.deallocate() } }
    a.initialize(repeating: 0.5, count: m * k)
    b.initialize(repeating: 0.25, count: k * n)
    c.initialize(repeating: 0, count: m * n)
    let flops = 2.0 * Double(m * n * k)
    let rates = plan.blocks(perBlock: max(1, Int(2e9 / flops)), unitsPerCall: 1) { _ in
      BLAS.gemm(transB: shape.transB, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: shape.transB ? k : n, c: c, ldc: n)
    }
    print(
      "{\"bench\":\"gemm\",\"figure\":\"gflops\",\"shape\":\"\(shape.label)\",\"m\":\(m),\"n\":\(n),\"k\":\(k),"
        + "\"threads\":1,\(RateSummary(rates: rates.map { $0 * flops / 1e9 }).json)}")
  }
}
