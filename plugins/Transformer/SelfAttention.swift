import LayerKit
import TensorCore
import TensorKernels

/// Multi-head self-attention with a key padding mask, in PyTorch's `nn.MultiheadAttention` layout:
/// `in_proj_weight` [3D, D] (q, k, v stacked), `in_proj_bias` [3D], `out_proj.weight` [D, D],
/// `out_proj.bias` [D]. Only real positions attend and are attended to; padded query rows get a
/// zero context. BERT keeps the query, key and value projections apart (three `[D, D]` weights):
/// `init(width:heads:separate:rng:)` builds that layout for the same computation.
final class SelfAttention {
  let heads: Int
  let width: Int
  /// The input projections: one stacked `[3D, D]` (PyTorch) or query, key, value `[D, D]` each (BERT).
  let projections: [(weight: Parameter, bias: Parameter)]
  let outWeight: Parameter
  let outBias: Parameter

  private var input = Tensor(shape: [0])
  private var qkv = Tensor(shape: [0])
  /// Softmax probabilities `[B, H, T, T]` (rows and columns beyond the length unused and not cleared).
  private var probs = Tensor(shape: [0])
  /// Attention-dropout mask, empty when dropout is off.
  private var dropMask = Tensor(shape: [0])
  /// The probabilities after dropout (aliases `probs` when dropout is off).
  private var attn = Tensor(shape: [0])
  private var context = Tensor(shape: [0])
  private var lengths: [Int] = []

  init(width: Int, heads: Int, rng: inout RNG) {
    self.width = width
    self.heads = heads
    let xavier = (6 / Float(4 * width)).squareRoot()
    projections = [(Affine.uniform([3 * width, width], xavier, &rng), Parameter(Tensor(shape: [3 * width])))]
    let out = Affine.parameters(out: width, in: width, rng: &rng)
    outWeight = out.weight
    outBias = Parameter(Tensor(shape: [width]))
  }

  /// BERT's layout: separate query, key, value and output projections drawn from N(0, std²), zero biases.
  init(width: Int, heads: Int, separate std: Float, rng: inout RNG) {
    self.width = width
    self.heads = heads
    projections = (0..<3).map { _ in (Self.normal([width, width], std, &rng), Parameter(Tensor(shape: [width]))) }
    outWeight = Self.normal([width, width], std, &rng)
    outBias = Parameter(Tensor(shape: [width]))
  }

  /// A parameter of `shape` drawn from N(0, std²).
  static func normal(_ shape: [Int], _ std: Float, _ rng: inout RNG) -> Parameter {
    var t = Tensor(shape: shape)
    for i in 0..<t.count { t.data[i] = std * rng.normal() }
    return Parameter(t)
  }

  var parameters: [(String, Parameter)] {
    [
      ("in_proj_weight", projections[0].weight), ("in_proj_bias", projections[0].bias),
      ("out_proj.weight", outWeight),
      ("out_proj.bias", outBias),
    ]
  }

  /// Attends over `x` `[B, T, D]`; `dropout` > 0 drops attention probabilities (training only).
  func forward(_ x: Tensor, lengths: [Int], dropout: Float, rng: inout RNG) -> Tensor {
    let (batch, time, d) = (x.shape[0], x.shape[1], width)
    input = x
    self.lengths = lengths
    attn = Tensor(shape: [0])  // so that `probs` is not shared and resizing it does not copy it
    project(x, batch: batch, time: time)
    probs.resizeForOverwrite(to: [batch, heads, time, time])
    context.resizeForOverwrite(to: [batch, time, d])
    Activation.zeroPadding(&context, lengths: lengths)
    for b in 0..<batch {
      for h in 0..<heads { scores(b, h, time: time) }
    }
    if dropout > 0 {
      DropoutMask.fill(&dropMask, shape: probs.shape, p: dropout, rng: &rng)
      attn = probs
      DropoutMask.apply(dropMask, to: &attn)
    } else {
      dropMask = Tensor(shape: [0])
      attn = probs
    }
    for b in 0..<batch {
      for h in 0..<heads { mix(b, h, time: time) }
    }
    var y = Tensor(uninitializedShape: x.shape)
    Affine.forward(context, weight: outWeight, bias: outBias, into: &y)
    return y
  }

  /// Softmax of the scaled scores of head `h` of example `b` over its real keys.
  private func scores(_ b: Int, _ h: Int, time: Int) {
    let (n, d, dh) = (lengths[b], width, width / heads)
    let scale = 1 / Float(dh).squareRoot()
    qkv.data.withUnsafeBufferPointer { pq in
      probs.data.withUnsafeMutableBufferPointer { pp in
        guard let q = pq.baseAddress, let p = pp.baseAddress else { return }
        let row = q + b * time * 3 * d + h * dh
        let s = p + (b * heads + h) * time * time
        BLAS.gemm(transB: true, m: n, n: n, k: dh, a: row, lda: 3 * d, b: row + d, ldb: 3 * d, c: s, ldc: time)
        tk_softmax_rows(n, n, scale, s, time)
      }
    }
  }

  /// `context[b, :n, head h] = attn · V`.
  private func mix(_ b: Int, _ h: Int, time: Int) {
    let (n, d, dh) = (lengths[b], width, width / heads)
    qkv.data.withUnsafeBufferPointer { pq in
      attn.data.withUnsafeBufferPointer { pa in
        context.data.withUnsafeMutableBufferPointer { pc in
          guard let q = pq.baseAddress, let a = pa.baseAddress, let c = pc.baseAddress else { return }
          BLAS.gemm(
            m: n, n: dh, k: n, a: a + (b * heads + h) * time * time, lda: time,
            b: q + b * time * 3 * d + 2 * d + h * dh, ldb: 3 * d, c: c + b * time * d + h * dh, ldc: d)
        }
      }
    }
  }

  /// Accumulates the projection gradients and returns the gradient w.r.t. the input.
  func backward(_ g: Tensor) -> Tensor {
    let (batch, time, d, dh) = (input.shape[0], input.shape[1], width, width / heads)
    let scale = 1 / Float(dh).squareRoot()
    let gContext = Affine.backward(g, input: context, weight: outWeight, bias: outBias)
    var gQKV = Tensor(uninitializedShape: qkv.shape)
    Activation.zeroPadding(&gQKV, lengths: lengths)
    var dP = [Float](repeating: 0, count: time * time)
    qkv.data.withUnsafeBufferPointer { pq in
      gContext.data.withUnsafeBufferPointer { pgc in
        gQKV.data.withUnsafeMutableBufferPointer { pg in
          probs.data.withUnsafeBufferPointer { pp in
            attn.data.withUnsafeBufferPointer { pa in
              dP.withUnsafeMutableBufferPointer { pd in
                guard let q = pq.baseAddress, let gc = pgc.baseAddress, let gq = pg.baseAddress,
                  let p0 = pp.baseAddress, let a0 = pa.baseAddress, let ds = pd.baseAddress
                else { return }
                for b in 0..<batch {
                  let n = lengths[b]
                  for h in 0..<heads {
                    let offset = (b * heads + h) * time * time
                    let (p, a) = (p0 + offset, a0 + offset)
                    let qRow = q + b * time * 3 * d + h * dh
                    let gRow = gq + b * time * 3 * d + h * dh
                    let gcRow = gc + b * time * d + h * dh
                    // dAttn = gContext · Vᵀ ; dV = attnᵀ · gContext
                    BLAS.gemm(
                      transB: true, m: n, n: n, k: dh, a: gcRow, lda: d, b: qRow + 2 * d, ldb: 3 * d, c: ds, ldc: n)
                    BLAS.gemm(
                      transA: true, m: n, n: dh, k: n, a: a, lda: time, b: gcRow, ldb: d, c: gRow + 2 * d, ldc: 3 * d)
                    softmaxBackward(ds, p, mask: dropMask.count > 0 ? offset : nil, n: n, time: time, scale: scale)
                    // dQ = dS · K ; dK = dSᵀ · Q
                    BLAS.gemm(m: n, n: dh, k: n, a: ds, lda: n, b: qRow + d, ldb: 3 * d, c: gRow, ldc: 3 * d)
                    BLAS.gemm(
                      transA: true, m: n, n: dh, k: n, a: ds, lda: n, b: qRow, ldb: 3 * d, c: gRow + d, ldc: 3 * d)
                  }
                }
              }
            }
          }
        }
      }
    }
    return projectBackward(gQKV)
  }

  /// `qkv = [x·Wqᵀ + bq, x·Wkᵀ + bk, x·Wvᵀ + bv]` per row, from the stacked or the separate weights
  /// (each of those written straight into its third of every row).
  private func project(_ x: Tensor, batch: Int, time: Int) {
    let d = width
    qkv.resizeForOverwrite(to: [batch, time, 3 * d])
    if projections.count == 1 {
      Affine.forward(x, weight: projections[0].weight, bias: projections[0].bias, into: &qkv)
      return
    }
    for (k, p) in projections.enumerated() {
      x.withPointer { px in
        p.weight.value.withPointer { w in
          p.bias.value.withPointer { bias in
            qkv.withMutablePointer { pq in
              BLAS.gemm(
                transB: true, m: batch * time, n: d, k: d, a: px, lda: d, b: w, ldb: d, bias: bias, c: pq + k * d,
                ldc: 3 * d)
            }
          }
        }
      }
    }
  }

  /// Accumulates the projection gradients from `gQKV` and returns the input gradient; the separate
  /// weights read their third of every row of `gQKV` in place.
  private func projectBackward(_ gQKV: Tensor) -> Tensor {
    if projections.count == 1 {
      return Affine.backward(gQKV, input: input, weight: projections[0].weight, bias: projections[0].bias)
    }
    let (d, rows) = (width, input.count / width)
    var dx = Tensor(uninitializedShape: input.shape)
    for (k, p) in projections.enumerated() {
      gQKV.withPointer { pg in
        input.withPointer { px in
          p.weight.grad.withMutablePointer { dw in
            BLAS.gemm(
              transA: true, m: d, n: d, k: rows, a: pg + k * d, lda: 3 * d, b: px, ldb: d, beta: 1, c: dw, ldc: d)
          }
          p.bias.grad.withMutablePointer { db in tk_add_column_sums(rows, d, pg + k * d, 3 * d, db) }
          p.weight.value.withPointer { w in
            dx.withMutablePointer { pd in
              BLAS.gemm(
                m: rows, n: d, k: d, a: pg + k * d, lda: 3 * d, b: w, ldb: d, beta: k == 0 ? 0 : 1, c: pd, ldc: d)
            }
          }
        }
      }
    }
    return dx
  }

  /// Turns `dAttn` (n×n, in `ds`) into the gradient w.r.t. the unscaled scores, in place.
  private func softmaxBackward(
    _ ds: UnsafeMutablePointer<Float>, _ p: UnsafePointer<Float>, mask: Int?, n: Int, time: Int, scale: Float
  ) {
    guard let mask else { return tk_softmax_backward_rows(n, n, ds, n, p, time, nil, 0, scale) }
    dropMask.data.withUnsafeBufferPointer { pm in
      tk_softmax_backward_rows(n, n, ds, n, p, time, pm.baseAddress! + mask, time, scale)
    }
  }
}
