import TensorCore

/// Padding helpers: sequences are right-padded and padded rows must stay zero.
extension Activation {
  /// Zeroes the rows of a `[B, T, F]` tensor at padded positions (`t ≥ lengths[b]`); other
  /// shapes are left alone.
  public static func zeroPadding(_ x: inout Tensor, lengths: [Int]) {
    guard x.shape.count == 3 else { return }
    let (time, features) = (x.shape[1], x.shape[2])
    x.data.withUnsafeMutableBufferPointer { p in
      for b in 0..<x.shape[0] where lengths[b] < time {
        let start = (b * time + max(lengths[b], 0)) * features
        let end = (b + 1) * time * features
        for i in start..<end { p[i] = 0 }
      }
    }
  }

  /// Whether every padded row of a `[B, T, F]` tensor is already zero (true for other shapes):
  /// lets hot paths skip a copy-on-write of a large gradient that the loss already masked.
  public static func paddingIsZero(_ x: Tensor, lengths: [Int]) -> Bool {
    guard x.shape.count == 3 else { return true }
    let (time, features) = (x.shape[1], x.shape[2])
    return x.data.withUnsafeBufferPointer { p in
      for b in 0..<x.shape[0] where lengths[b] < time {
        for i in (b * time + max(lengths[b], 0)) * features..<(b + 1) * time * features where p[i] != 0 { return false }
      }
      return true
    }
  }

  /// The same padding information around new values (`[B, T, F]` or `[B, F]`).
  public func with(values: Tensor) -> Activation {
    var copy = Activation(values: values, lengths: lengths)
    copy.time = values.shape.count == 3 ? values.shape[1] : 1
    return copy
  }
}

extension FeatureShape {
  /// The feature width of a sequence or vector input, or an error for token ids saying to embed first.
  public func features(for layer: String) throws(LayerError) -> Int {
    if case .tokens = self {
      throw LayerError("input is token ids; put an 'embedding' layer before '\(layer)'")
    }
    return width
  }

  /// Whether this is a `[batch, time, features]` sequence.
  public var isSequence: Bool {
    if case .sequence = self { return true }
    return false
  }
}
