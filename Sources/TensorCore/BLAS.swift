import COpenBLAS

/// Matrix products through OpenBLAS `cblas_sgemm`, always row-major.
///
/// OpenBLAS is pinned to one thread per call (`BLAS.configure()`): on the per-step LSTM shapes two
/// BLAS threads measured 0.5–1.8× of one, so parallelism lives at a coarser level.
public enum BLAS {
  /// Pins OpenBLAS to a single thread; idempotent and cheap, called before the first product.
  public static func configure() {
    openblas_set_num_threads(1)
  }

  /// C = alpha · op(A) · op(B) + beta · C with op(A) m×k and op(B) k×n, all row-major.
  ///
  /// `lda`, `ldb` and `ldc` are the row strides of the stored (untransposed) matrices.
  @inlinable
  public static func gemm(
    transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    if m == 0 || n == 0 { return }
    cblas_sgemm(
      CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
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
}
