#if canImport(Glibc)
  import Glibc
#endif
import TensorCore

/// The feed-forward activations a BERT config may name (`hidden_act`), as Hugging Face computes them:
/// `gelu` is exact (`x·Φ(x)` with the error function), `gelu_new` the tanh approximation, `relu`.
public enum BertActivation: String, Sendable, CaseIterable {
  case gelu
  case gelu_new
  case relu

  private static let tanhScale = Float((2 / Double.pi).squareRoot())
  private static let cubic: Float = 0.044715

  /// `f(x)` element-wise.
  func apply(_ x: Tensor) -> Tensor {
    var y = x
    y.data.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] = value(p[i]) }
    }
    return y
  }

  /// `g *= f′(x)` element-wise, where `x` is the input `apply` was given.
  func backward(_ g: inout Tensor, input x: Tensor) {
    x.data.withUnsafeBufferPointer { px in
      g.data.withUnsafeMutableBufferPointer { pg in
        for i in pg.indices { pg[i] *= derivative(px[i]) }
      }
    }
  }

  private func value(_ x: Float) -> Float {
    switch self {
    case .gelu: return 0.5 * x * (1 + erff(x / Float(2).squareRoot()))
    case .gelu_new: return 0.5 * x * (1 + tanhf(Self.tanhScale * (x + Self.cubic * x * x * x)))
    case .relu: return max(x, 0)
    }
  }

  private func derivative(_ x: Float) -> Float {
    switch self {
    case .gelu:
      let density = expf(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
      return 0.5 * (1 + erff(x / Float(2).squareRoot())) + x * density
    case .gelu_new:
      let t = tanhf(Self.tanhScale * (x + Self.cubic * x * x * x))
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Self.tanhScale * (1 + 3 * Self.cubic * x * x)
    case .relu: return x > 0 ? 1 : 0
    }
  }
}
