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

  /// `a + b` element-wise, written into `b` (a residual added to a block's fresh output in one pass;
  /// the same bits as `a + b` into a copy of `a`, addition being commutative).
  static func add(_ a: Tensor, into b: inout Tensor) {
    precondition(a.count == b.count, "BlockMath.add: \(a.count) and \(b.count) elements")
    a.withPointer { pa in
      b.withMutablePointer { pb in for i in 0..<a.count { pb[i] = pa[i] + pb[i] } }
    }
  }

  /// `x[b, t, :] + table[t, :]` for every example `b` of `x` `[B, T, D]` (table rows ≥ T).
  static func addRows(_ x: Tensor, _ table: Tensor) -> Tensor {
    let step = x.shape[1] * x.shape[2]
    var y = Tensor(uninitializedShape: x.shape)
    x.withPointer { px in
      table.withPointer { pt in
        y.withMutablePointer { py in
          for b in 0..<x.shape[0] {
            for i in 0..<step { py[b * step + i] = px[b * step + i] + pt[i] }
          }
        }
      }
    }
    return y
  }
}
