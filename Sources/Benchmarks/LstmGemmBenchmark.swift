import TensorCore

/// GEMM throughput through `BLAS.gemm` (one OpenBLAS thread): a large square and the per-step
/// shapes of configs A and B, forward (h·W_hhᵀ) and backward (dG·W_hh).
func gemmBenchmarks() {
  let shapes: [(String, Int, Int, Int, Bool)] = [
    ("square-1024", 1024, 1024, 1024, false),
    ("A-step-recur B x H @ H x 4H", 32, 1024, 256, true),
    ("A-step-bwd B x 4H @ 4H x H", 32, 256, 1024, false),
    ("B-step-recur B x H @ H x 4H", 64, 512, 128, true),
    ("C-out-proj BT x H @ H x V", 2048, 10000, 256, true),
  ]
  for (label, m, n, k, transB) in shapes {
    let a = [Float](repeating: 0.5, count: m * k)
    let b = [Float](repeating: 0.25, count: k * n)
    var c = [Float](repeating: 0, count: m * n)
    let flops = 2.0 * Double(m * n * k)
    let calls = max(1, Int(2e9 / flops))
    let plan = TimingPlan(arguments: [])
    let rates = a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          plan.blocks(perBlock: calls, unitsPerCall: 1) { _ in
            BLAS.gemm(
              transB: transB, m: m, n: n, k: k, a: pa.baseAddress!, lda: k, b: pb.baseAddress!, ldb: transB ? k : n,
              c: pc.baseAddress!, ldc: n)
          }
        }
      }
    }
    let summary = RateSummary(rates: rates.map { $0 * flops / 1e9 })
    print("{\"bench\":\"gemm\",\"figure\":\"gflops\",\"shape\":\"\(label)\",\"m\":\(m),\"n\":\(n),\"k\":\(k),\"threads\":1,\(summary.json)}")
  }
}
