import TensorCore
import TensorKernels

/// The affine map `y = x·Wᵀ + b` with PyTorch's `nn.Linear` layout (`weight` [out, in], `bias`
/// [out]), on the rows of any tensor whose last dimension is `in`; shared by dense, transformer and
/// run-time layers.
public enum Affine {
  /// PyTorch's `nn.Linear` initialisation: weight and bias from U(−1/√in, 1/√in).
  public static func parameters(out: Int, in inFeatures: Int, rng: inout RNG) -> (weight: Parameter, bias: Parameter) {
    let bound = 1 / Float(max(inFeatures, 1)).squareRoot()
    return (uniform([out, inFeatures], bound, &rng), uniform([out], bound, &rng))
  }

  /// A parameter of `shape` drawn from U(−bound, bound).
  public static func uniform(_ shape: [Int], _ bound: Float, _ rng: inout RNG) -> Parameter {
    var t = Tensor(shape: shape)
    t.fill { rng.uniform(-bound, bound) }
    return Parameter(t)
  }

  /// `y[rows, out] = x[rows, in]·Wᵀ + b`; `y` must already have `rows × out` elements.
  public static func forward(_ x: Tensor, weight: Parameter, bias: Parameter, into y: inout Tensor) {
    let (out, inFeatures) = (bias.count, weight.value.shape.last ?? 0)
    let rows = y.count / max(out, 1)
    precondition(x.count == rows * inFeatures, "Affine.forward: \(x.count) inputs for \(rows)×\(inFeatures)")
    x.withPointer { px in
      weight.value.withPointer { w in
        bias.value.withPointer { b in
          y.withMutablePointer { py in
            BLAS.gemm(
              transB: true, m: rows, n: out, k: inFeatures, a: px, lda: inFeatures, b: w, ldb: inFeatures, bias: b,
              c: py, ldc: out)
          }
        }
      }
    }
  }

  /// Accumulates `dW += gᵀ·x` and `db += Σ g`, and returns `dx = g·W` shaped like `x`.
  public static func backward(_ g: Tensor, input x: Tensor, weight: Parameter, bias: Parameter) -> Tensor {
    let out = bias.count
    BLAS.matmul(g, x, transA: true, accumulate: true, into: &weight.grad)
    g.withPointer { pg in
      bias.grad.withMutablePointer { pb in tk_add_column_sums(g.count / max(out, 1), out, pg, out, pb) }
    }
    var dx = Tensor(uninitializedShape: x.shape)
    BLAS.matmul(g, weight.value, into: &dx)
    return dx
  }
}
