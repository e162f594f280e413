import TensorKernels

/// Single-precision matrix products with a BLAS-style interface, computed by our own packed kernel
/// (Sources/TensorKernels: AVX-512, AVX2+FMA or portable C, chosen once by CPU features).
///
/// Every element of the result is one chain of fused multiply-adds in ascending k, so a product
/// gives bit-identical results on every machine. The kernel replaced OpenBLAS `cblas_sgemm`
/// where it measured faster on the shapes this tool runs (`Benchmarks gemm`): 1.1–2× on the
/// per-step recurrent products, 1.0–1.25× on the large ones. One thread per call.
public enum BLAS {
  /// C = alpha · op(A) · op(B) + beta · C with op(A) m×k and op(B) k×n, all row-major.
  ///
  /// `lda`, `ldb` and `ldc` are the row strides of the stored (untransposed) matrices; `beta` is 0
  /// or 1, and `alpha` other than 1 needs `beta` 0. With `beta` 0, a `bias` of n values is added
  /// to every row (each element's chain starts from it: C = bias + A·B without a pass to copy it).
  public static func gemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    bias: UnsafePointer<Float>? = nil, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    precondition(beta == 0 || beta == 1, "gemm supports beta 0 or 1, got \(beta)")
    precondition(alpha == 1 || beta == 0, "gemm scales by alpha only when beta is 0")
    if m == 0 || n == 0 { return }
    tk_gemm(
      m, n, k, a, transA ? 1 : lda, transA ? lda : 1, b, transB ? 1 : ldb, transB ? ldb : 1, beta == 0 ? 0 : 1, bias,
      c, ldc)
    if alpha != 1 {
      for i in 0..<m {
        for j in 0..<n { c[i * ldc + j] *= alpha }
      }
    }
  }

  /// `C[m×n] (+)= op(A) · op(B)` on whole tensors; shapes are read from the 2-D views.
  public static func matmul(
    _ a: Tensor, _ b: Tensor, transA: Bool = false, transB: Bool = false, accumulate: Bool = false,
    into c: inout Tensor
  ) {
    let (ar, ac) = (a.count / a.shape.last!, a.shape.last!)
    let (br, bc) = (b.count / b.shape.last!, b.shape.last!)
    let m = transA ? ac : ar
    let k = transA ? ar : ac
    let n = transB ? br : bc
    precondition(c.count == m * n, "matmul output has \(c.count) elements, expected \(m)×\(n)")
    a.data.withUnsafeBufferPointer { pa in
      b.data.withUnsafeBufferPointer { pb in
        c.data.withUnsafeMutableBufferPointer { pc in
          gemm(
            transA: transA, transB: transB, m: m, n: n, k: k, a: pa.baseAddress!, lda: ac,
            b: pb.baseAddress!, ldb: bc, beta: accumulate ? 1 : 0, c: pc.baseAddress!, ldc: n)
        }
      }
    }
  }

  /// The instruction set the kernel runs with: "avx512", "avx2" or "portable".
  public static var instructionSet: String { String(cString: tk_isa()) }

  /// Every instruction set the kernels know, best first.
  public static let instructionSets = ["avx512", "avx2", "portable"]

  /// The instruction sets this CPU can run, best first.
  public static var supportedInstructionSets: [String] { instructionSets.filter { tk_isa_supported($0) == 1 } }

  /// What is wrong with `requested` (the value of REPL_ISA) as an instruction set for this CPU, or
  /// nil when it is one the kernels can use (the kernels then run with it).
  public static func problem(withRequestedInstructionSet requested: String) -> String? {
    let supported = supportedInstructionSets.joined(separator: ", ")
    guard instructionSets.contains(requested) else {
      return "REPL_ISA=\(requested) is not an instruction set (known: \(instructionSets.joined(separator: ", "))); "
        + "this CPU runs \(supported)"
    }
    guard tk_isa_supported(requested) == 1 else {
      return "REPL_ISA=\(requested): this CPU cannot run \(requested); it runs \(supported)"
    }
    return nil
  }
}
