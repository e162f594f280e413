import TensorCore
import TensorKernels

#if canImport(Glibc)
  import Glibc
#endif

/// The feed-forward activations a BERT config may name (`hidden_act`), as Hugging Face computes them:
/// `gelu` is exact (`x·Φ(x)` with the error function), `gelu_new` the tanh approximation, `relu`.
public enum BertActivation: String, Sendable, CaseIterable {
  case gelu
  // swift-format-ignore: AlwaysUseLowerCamelCase
  // (Hugging Face's name, the word `activation=` takes)
  case gelu_new
  case relu

  private static let tanhScale = Float((2 / Double.pi).squareRoot())
  private static let cubic: Float = 0.044715

  /// `f(x)` element-wise (`gelu` by tk_gelu).
  func apply(_ x: Tensor) -> Tensor {
    if self == .gelu {
      var y = Tensor(uninitializedShape: x.shape)
      x.withPointer { px in y.withMutablePointer { py in tk_gelu(x.count, px, py) } }
      return y
    }
    var y = x
    y.data.withUnsafeMutableBufferPointer { p in
      for i in p.indices { p[i] = value(p[i]) }
    }
    return y
  }

  /// `g *= f′(x)` element-wise, where `x` is the input `apply` was given.
  func backward(_ g: inout Tensor, input x: Tensor) {
    if self == .gelu {
      x.withPointer { px in g.withMutablePointer { pg in tk_gelu_backward(x.count, px, pg) } }
      return
    }
    x.data.withUnsafeBufferPointer { px in
      g.data.withUnsafeMutableBufferPointer { pg in
        for i in pg.indices { pg[i] *= derivative(px[i]) }
      }
    }
  }

  /// `f(x)` for one element with the C library's `erff`, `expf`, `tanhf`: `apply` for `gelu_new` and
  /// `relu`, and the reference the `gelu` kernel is tested against.
  func value(_ x: Float) -> Float {
    switch self {
    case .gelu: return 0.5 * x * (1 + erff(x / Float(2).squareRoot()))
    case .gelu_new: return 0.5 * x * (1 + tanhf(Self.tanhScale * (x + Self.cubic * x * x * x)))
    case .relu: return max(x, 0)
    }
  }

  /// `f′(x)` for one element, like `value`.
  func derivative(_ x: Float) -> Float {
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
