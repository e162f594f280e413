import LayerKit
import TensorCore
import TensorKernels

/// Layer normalisation over the last dimension, like PyTorch's `nn.LayerNorm` (eps 1e-5 unless
/// given, e.g. BERT's 1e-12; parameters `weight` = 1 and `bias` = 0 initially).
final class LayerNorm {
  let weight: Parameter
  let bias: Parameter
  let eps: Float
  private var normalized = Tensor(shape: [0])
  private var inverseStd: [Float] = []

  init(width: Int, eps: Float = 1e-5) {
    self.eps = eps
    weight = Parameter(Tensor(shape: [width], repeating: 1))
    bias = Parameter(Tensor(shape: [width]))
  }

  /// `(x − mean) / √(var + eps) · weight + bias` per row (tk_layer_norm).
  func forward(_ x: Tensor) -> Tensor {
    let d = weight.count
    let rows = x.count / d
    normalized.resizeForOverwrite(to: x.shape)
    if inverseStd.count != rows { inverseStd = [Float](repeating: 0, count: rows) }
    var y = Tensor(uninitializedShape: x.shape)
    x.withPointer { px in
      weight.value.withPointer { gamma in
        bias.value.withPointer { beta in
          normalized.withMutablePointer { pn in
            y.withMutablePointer { py in tk_layer_norm(rows, d, px, gamma, beta, eps, pn, &inverseStd, py) }
          }
        }
      }
    }
    return y
  }

  /// Accumulates the weight and bias gradients and returns the input gradient (tk_layer_norm_backward).
  func backward(_ g: Tensor) -> Tensor {
    let d = weight.count
    let rows = g.count / d
    var dx = Tensor(uninitializedShape: g.shape)
    g.withPointer { pg in
      normalized.withPointer { pn in
        weight.value.withPointer { gamma in
          weight.grad.withMutablePointer { dGamma in
            bias.grad.withMutablePointer { dBeta in
              dx.withMutablePointer { pd in
                tk_layer_norm_backward(rows, d, pg, pn, inverseStd, gamma, dGamma, dBeta, pd)
              }
            }
          }
        }
      }
    }
    return dx
  }
}
