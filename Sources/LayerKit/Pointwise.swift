import TensorCore

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// An element-wise function shared by `dense activation=`, `relu` and `tanh`.
public enum Pointwise: String, Sendable, CaseIterable {
  case none, relu, tanh, sigmoid

  /// The option words, `none|relu|tanh|sigmoid`.
  public static var names: [String] { allCases.map(\.rawValue) }

  /// Applies the function in place.
  public func apply(_ x: inout Tensor) {
    x.data.withUnsafeMutableBufferPointer { p in
      switch self {
      case .none: break
      case .relu: for i in p.indices { p[i] = p[i] < 0 ? 0 : p[i] }  // a select, not a branch
      case .tanh: for i in p.indices { p[i] = tanhf(p[i]) }
      case .sigmoid: for i in p.indices { p[i] = 1 / (1 + expf(-p[i])) }
      }
    }
  }

  /// Turns the gradient w.r.t. the output into the gradient w.r.t. the input, in place, from the
  /// cached output `y` (every derivative here is a function of the output).
  public func backward(_ grad: inout Tensor, output y: Tensor) {
    if self == .none { return }  // before any mutable access, so a shared gradient is not copied
    y.data.withUnsafeBufferPointer { y in
      grad.data.withUnsafeMutableBufferPointer { g in
        switch self {
        case .none: break
        case .relu:
          // g = 0 where y ≤ 0, as a bit mask rather than a conditional store, so that it vectorizes.
          for i in g.indices { g[i] = Float(bitPattern: g[i].bitPattern & (y[i] <= 0 ? 0 : ~0)) }
        case .tanh: for i in g.indices { g[i] *= 1 - y[i] * y[i] }
        case .sigmoid: for i in g.indices { g[i] *= y[i] * (1 - y[i]) }
        }
      }
    }
  }
}
