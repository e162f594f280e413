import LayerKit
import TensorCore

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

  /// `(x − mean) / √(var + eps) · weight + bias` per row.
  func forward(_ x: Tensor) -> Tensor {
    let d = weight.count
    let rows = x.count / d
    normalized.resize(to: x.shape)
    if inverseStd.count != rows { inverseStd = [Float](repeating: 0, count: rows) }
    var y = Tensor(shape: x.shape)
    let (gamma, beta) = (weight.value.data, bias.value.data)
    x.data.withUnsafeBufferPointer { px in
      normalized.data.withUnsafeMutableBufferPointer { pn in
        y.data.withUnsafeMutableBufferPointer { py in
          for r in 0..<rows {
            let row = r * d
            var sum = 0.0
            for j in 0..<d { sum += Double(px[row + j]) }
            let mean = sum / Double(d)
            var sq = 0.0
            for j in 0..<d { sq += (Double(px[row + j]) - mean) * (Double(px[row + j]) - mean) }
            let rstd = Float(1 / (sq / Double(d) + Double(eps)).squareRoot())
            inverseStd[r] = rstd
            for j in 0..<d {
              let n = (px[row + j] - Float(mean)) * rstd
              pn[row + j] = n
              py[row + j] = n * gamma[j] + beta[j]
            }
          }
        }
      }
    }
    return y
  }

  /// Accumulates the weight and bias gradients and returns the input gradient.
  func backward(_ g: Tensor) -> Tensor {
    let d = weight.count
    let rows = g.count / d
    var dx = Tensor(shape: g.shape)
    let gamma = weight.value.data
    var (dGamma, dBeta) = (weight.grad.data, bias.grad.data)
    defer { (weight.grad.data, bias.grad.data) = (dGamma, dBeta) }
    g.data.withUnsafeBufferPointer { pg in
      normalized.data.withUnsafeBufferPointer { pn in
        dx.data.withUnsafeMutableBufferPointer { pd in
          for r in 0..<rows {
            let row = r * d
            var meanG = 0.0
            var meanGN = 0.0
            for j in 0..<d {
              let gn = pg[row + j] * gamma[j]
              dGamma[j] += pg[row + j] * pn[row + j]
              dBeta[j] += pg[row + j]
              meanG += Double(gn)
              meanGN += Double(gn * pn[row + j])
            }
            let (a, b) = (Float(meanG / Double(d)), Float(meanGN / Double(d)))
            for j in 0..<d {
              let gn = pg[row + j] * gamma[j]
              pd[row + j] = inverseStd[r] * (gn - a - pn[row + j] * b)
            }
          }
        }
      }
    }
    return dx
  }
}
