import CReplPlugin
import LayerKit
import TensorCore

/// The shape and padding of one batch as a plugin sees it: sizes, lengths and a 0/1 mask.
struct BatchLayout {
  let batch: Int
  let time: Int
  let features: Int
  /// Real steps per example, clamped to 0…time (1 for vector input).
  let lengths: [Int32]
  /// `batch × time`, 1 for a real step.
  let mask: [UInt8]

  /// Reads `input`, checking that its values match `shape`.
  init(_ input: Activation, shape: FeatureShape, layer: String) throws {
    let values = input.values.shape
    let expected: [Int]
    let sequence = isSequence(shape)
    if sequence {
      expected = [input.batch, values.count == 3 ? values[1] : -1, shape.width]
    } else {
      expected = [input.batch, shape.width]
    }
    guard values == expected, input.lengths.count == input.batch else {
      throw LayerError("layer '\(layer)': input of shape \(values) does not match its input \(shape)")
    }
    batch = input.batch
    time = sequence ? values[1] : 1
    features = shape.width
    lengths =
      sequence ? input.lengths.map { Int32(clamping: min(max($0, 0), values[1])) } : Array(repeating: 1, count: batch)
    var mask = [UInt8](repeating: 0, count: batch * time)
    for b in 0..<batch {
      for t in 0..<Int(lengths[b]) { mask[b * time + t] = 1 }
    }
    self.mask = mask
  }

  /// The shape of a tensor over this batch with `width` features.
  func shape(width: Int, sequence: Bool) -> [Int] { sequence ? [batch, time, width] : [batch, width] }

  /// Calls `body` with the C description of this batch.
  func withBatch<R>(training: Bool, seed: UInt64, _ body: (UnsafePointer<repl_batch>) -> R) -> R {
    lengths.withUnsafeBufferPointer { l in
      mask.withUnsafeBufferPointer { m in
        var c = repl_batch(
          batch: Int32(clamping: batch), time: Int32(clamping: time), features: Int32(clamping: features),
          lengths: l.baseAddress, mask: m.baseAddress, training: training ? 1 : 0, seed: seed)
        return body(&c)
      }
    }
  }

  /// Zeroes the padding steps of a `[batch, time, width]` tensor.
  func zeroPadding(_ tensor: inout Tensor) {
    guard tensor.shape.count == 3 else { return }
    let width = tensor.shape[2]
    tensor.data.withUnsafeMutableBufferPointer { d in
      for b in 0..<batch where Int(lengths[b]) < time {
        let start = (b * time + Int(lengths[b])) * width
        let end = (b + 1) * time * width
        for i in start..<end { d[i] = 0 }
      }
    }
  }
}
