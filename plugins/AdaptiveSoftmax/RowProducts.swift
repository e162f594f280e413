import LayerKit
import TensorCore
import TensorKernels

/// The matrix products of the adaptive softmax on row-major `[rows, width]` tensors, all through
/// `BLAS.gemm` (the packed kernel of TensorKernels); rows are gathered by `RowGather`.
enum RowProducts {
  /// `x[m×k]·Wᵀ (+ bias)` for a weight `[n, k]`: a bias-free `nn.Linear`.
  static func linear(_ x: Tensor, _ weight: Tensor, bias: Tensor? = nil) -> Tensor {
    let (m, n) = (x.count / weight.shape[1], weight.shape[0])
    var y = Tensor(uninitializedShape: [m, n])
    x.withPointer { px in y.withMutablePointer { py in linear(px, rows: m, weight, bias: bias, into: py, ldc: n) } }
    return y
  }

  /// Writes `x[m×k]·Wᵀ (+ bias)` for a weight `[n, k]` into the first n columns of the rows of `c`
  /// (row stride `ldc`), such as one cluster's columns of the full log-probabilities.
  static func linear(
    _ x: UnsafePointer<Float>, rows m: Int, _ weight: Tensor, bias: Tensor? = nil, into c: UnsafeMutablePointer<Float>,
    ldc: Int
  ) {
    let (n, k) = (weight.shape[0], weight.shape[1])
    weight.withPointer { w in
      guard let bias else {
        return BLAS.gemm(transB: true, m: m, n: n, k: k, a: x, lda: k, b: w, ldb: k, c: c, ldc: ldc)
      }
      bias.withPointer { b in
        BLAS.gemm(transB: true, m: m, n: n, k: k, a: x, lda: k, b: w, ldb: k, bias: b, c: c, ldc: ldc)
      }
    }
  }

  /// Back through `y = x·Wᵀ`: accumulates `dW += gᵀ·x` into `weight.grad` and returns `g·W`.
  static func backward(_ g: Tensor, input x: Tensor, weight: Parameter) -> Tensor {
    let (n, k) = (weight.value.shape[0], weight.value.shape[1])
    let m = g.count / n
    var dx = Tensor(shape: [m, k])
    if m == 0 { return dx }
    BLAS.matmul(g.reshaped([m, n]), x.reshaped([m, k]), transA: true, accumulate: true, into: &weight.grad)
    BLAS.matmul(g.reshaped([m, n]), weight.value, into: &dx)
    return dx
  }

  /// `Σ_rows g` added to a bias gradient.
  static func addColumnSums(_ g: Tensor, into bias: Parameter) {
    let n = bias.count
    g.withPointer { pg in bias.grad.withMutablePointer { pb in tk_add_column_sums(g.count / n, n, pg, n, pb) } }
  }
}
