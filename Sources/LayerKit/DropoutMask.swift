import Schema
import TensorCore

/// Inverted-dropout masks: each element kept with probability 1−p and scaled by 1/(1−p).
public enum DropoutMask {
  /// Fills `mask` (resized to `shape`) from `rng`.
  public static func fill(_ mask: inout Tensor, shape: [Int], p: Float, rng: inout RNG) {
    mask.resize(to: shape)
    let scale = 1 / (1 - p)
    mask.data.withUnsafeMutableBufferPointer { m in
      for i in m.indices { m[i] = rng.uniform() < p ? 0 : scale }
    }
  }

  /// The dropout probability of option `key` (its spec's default when not given); values outside
  /// [0, 1) are an error naming the option.
  public static func probability(_ options: Options, _ key: String) throws(LayerError) -> Float {
    let p: Double = try options.setting(key)
    guard p >= 0 && p < 1 else {
      throw LayerError("option '\(key)=' expects a probability in [0, 1), got '\(options.raw(key) ?? "")'")
    }
    return Float(p)
  }

  /// `x *= mask` element-wise (no-op when the mask is empty, i.e. dropout was off).
  public static func apply(_ mask: Tensor, to x: inout Tensor) {
    guard mask.count == x.count else { return }
    x.data.withUnsafeMutableBufferPointer { px in
      mask.data.withUnsafeBufferPointer { pm in for i in px.indices { px[i] *= pm[i] } }
    }
  }
}
