import LayerKit
import TensorCore

/// Element-wise helpers shared by the encoder blocks (`transformer`, `bert`, `bert_embeddings`).
enum BlockMath {
  /// Applies fresh dropout to `x` when `p` > 0 (remembering the mask), else clears the mask.
  static func dropout(_ x: inout Tensor, mask: inout Tensor, p: Float, rng: inout RNG) {
    if p > 0 {
      DropoutMask.fill(&mask, shape: x.shape, p: p, rng: &rng)
      DropoutMask.apply(mask, to: &x)
    } else {
      mask = Tensor(shape: [0])
    }
  }

  /// `a + b` element-wise.
  static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
    var c = a
    c.data.withUnsafeMutableBufferPointer { pc in
      b.data.withUnsafeBufferPointer { pb in for i in pc.indices { pc[i] += pb[i] } }
    }
    return c
  }
}
