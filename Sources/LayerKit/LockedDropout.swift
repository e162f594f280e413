import TensorCore

/// Locked (variational) dropout (Gal & Ghahramani 2016, AWD-LSTM's `input_p`/`hidden_p`): one
/// mask per sequence and feature, the same at every time step of a `[B, T, F]` tensor.
public struct LockedDropout {
  /// The probability of dropping a feature of a sequence.
  public let p: Float
  /// The last training forward's mask, `[B, F]` (0 or 1/(1−p)); empty when off.
  public private(set) var mask = Tensor(shape: [0])

  /// Dropout with probability `p` (0: off).
  public init(p: Float) { self.p = p }

  /// In training (and `p` > 0) draws a new mask from `rng` and multiplies `x` by it; otherwise
  /// leaves `x` alone and forgets the mask.
  public mutating func forward(_ x: inout Tensor, training: Bool, rng: inout RNG) {
    guard training && p > 0, x.shape.count == 3 else {
      mask.resize(to: [0])
      return
    }
    DropoutMask.fill(&mask, shape: [x.shape[0], x.shape[2]], p: p, rng: &rng)
    apply(&x)
  }

  /// Multiplies a gradient (or any `[B, T, F]` tensor) by the last mask; no-op when off.
  public func apply(_ x: inout Tensor) {
    guard mask.count > 0, x.shape.count == 3 else { return }
    let (b, t, f) = (x.shape[0], x.shape[1], x.shape[2])
    x.data.withUnsafeMutableBufferPointer { px in
      mask.data.withUnsafeBufferPointer { pm in
        for row in 0..<b {
          for s in 0..<t {
            let base = (row * t + s) * f
            for k in 0..<f { px[base + k] *= pm[row * f + k] }
          }
        }
      }
    }
  }
}
