import TensorKernels

/// A k×n right-hand matrix packed once for many products with it, such as W_hh across the time
/// steps of a recurrent layer: packing is then paid once per sequence instead of once per step.
///
/// The buffer grows to the largest matrix packed and is reused, so packing allocates nothing once
/// the shape has been seen.
public final class PackedMatrix {
  private var storage: UnsafeMutablePointer<Float>?
  private var capacity = 0
  /// Rows (k) and columns (n) of the packed matrix.
  public private(set) var rows = 0, columns = 0

  /// An empty buffer.
  public init() {}

  deinit { storage?.deallocate() }

  /// Packs `B` (k×n; element (i, j) at `b[i·rowStride + j·columnStride]`); pass `transposed: true`
  /// to pack the transpose of a row-major n×k matrix with row stride `ld`.
  public func pack(rows k: Int, columns n: Int, from b: UnsafePointer<Float>, ld: Int, transposed: Bool = false) {
    let needed = tk_packed_size(k, n)
    if needed > capacity {
      storage?.deallocate()
      storage = .allocate(capacity: needed)
      capacity = needed
    }
    (rows, columns) = (k, n)
    tk_pack(k, n, b, transposed ? 1 : ld, transposed ? ld : 1, storage)
  }

  /// C[m×n] = A·B, or C += A·B with `accumulate`, for row-major A (m×k, row stride `lda`); without
  /// `accumulate`, a `bias` of n values starts every row (C = bias + A·B).
  public func multiply(
    m: Int, a: UnsafePointer<Float>, lda: Int, accumulate: Bool = false, bias: UnsafePointer<Float>? = nil,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    guard m > 0, let packed = storage else { return }
    tk_gemm_packed(m, columns, rows, a, lda, 1, packed, accumulate ? 1 : 0, bias, c, ldc)
  }
}
