import LayerKit
import TensorCore

/// One direction of one stacked layer: its four PyTorch parameters and its reusable buffers.
///
/// Forward runs one big product for the input projection of every position, then per step only
/// the `[running, H] × [H, G·H]` hidden product and the cell. Backward runs per step only the
/// cell and the `[running, G·H] × [G·H, H]` product for dL/dh; the weight gradients and dL/dx
/// are then big products over all positions, accumulated straight into the gradients. W_hh is
/// packed once per pass (transposed for forward) for the per-step products. No buffer is
/// allocated per step, and none per call once the batch shape has been seen.
final class RecurrentDirection<Cell: RecurrentCell> {
  let inputSize: Int
  let hidden: Int
  let reverse: Bool
  let weightIH: Parameter
  let weightHH: Parameter
  let biasIH: Parameter
  let biasHH: Parameter

  private let gates = ScratchBuffer<Float>(zero: 0)
  private let recurrent = ScratchBuffer<Float>(zero: 0)
  /// `[B·T, H]`: h(t−1) of each position.
  private let previous = ScratchBuffer<Float>(zero: 0)
  /// W_hh packed for the per-step products.
  private let packedHidden = PackedMatrix()
  private let extra = ScratchBuffer<Float>(zero: 0)
  private let state = ScratchBuffer<Float>(zero: 0)
  private let cellState = ScratchBuffer<Float>(zero: 0)
  private let bias = ScratchBuffer<Float>(zero: 0)
  private let hiddenBias = ScratchBuffer<Float>(zero: 0)
  private let ones = ScratchBuffer<Float>(zero: 0)
  private let rows = ScratchBuffer<Int>(zero: 0)

  /// Draws the weights uniformly from ±1/√H in PyTorch's order (w_ih, w_hh, b_ih, b_hh).
  init(inputSize: Int, hidden: Int, reverse: Bool, rng: inout RNG) {
    self.inputSize = inputSize
    self.hidden = hidden
    self.reverse = reverse
    let g = Cell.gateCount * hidden
    let bound = 1 / Float(hidden).squareRoot()
    func uniform(_ shape: [Int]) -> Parameter {
      var t = Tensor(shape: shape)
      for i in 0..<t.count { t.data[i] = rng.uniform(-bound, bound) }
      return Parameter(t)
    }
    weightIH = uniform([g, inputSize])
    weightHH = uniform([g, hidden])
    biasIH = uniform([g])
    biasHH = uniform([g])
  }

  /// The gate width G·H.
  var gateWidth: Int { Cell.gateCount * hidden }

  /// Runs the direction over `input` (`[B·T, inputSize]`), writing h at every real position of
  /// `output` (direction offset applied, rows `outputStride` apart); with `caching`, keeps what
  /// `backward` needs.
  func forward(
    input: UnsafePointer<Float>, schedule: SequenceSchedule, output: UnsafeMutablePointer<Float>,
    outputStride: Int, caching: Bool
  ) {
    let (b, t, g, h) = (schedule.batch, schedule.time, gateWidth, hidden)
    prepare(schedule)
    foldBiases()
    let z = gates.pointer
    weightIH.value.withPointer { w in
      BLAS.gemm(transB: true, m: b * t, n: g, k: inputSize, a: input, lda: inputSize, b: w, ldb: inputSize, c: z, ldc: g)
    }
    state.clear(b * h)
    cellState.clear(b * h)
    var step = buffers(output: output, outputStride: outputStride, caching: caching)
    weightHH.value.withPointer { w in packedHidden.pack(rows: h, columns: g, from: w, ld: h, transposed: true) }
    for s in 0..<schedule.steps {
      let n = schedule.active[s]
      if s == 0 {
        recurrent.clear(n * g)
      } else {
        packedHidden.multiply(m: n, a: state.pointer, lda: h, c: recurrent.pointer, ldc: g)
      }
      step.count = n
      step.rows = UnsafePointer(rows.pointer + s * b)
      Cell.forward(&step)
    }
  }

  /// Back-propagates dL/dy (`gradOutput`, offset and stride as in `forward`) through the last
  /// caching forward of `input`: accumulates the four parameter gradients and adds dL/dx into
  /// `gradInput` (`[B·T, inputSize]`; overwritten instead when `accumulate` is false).
  func backward(
    input: UnsafePointer<Float>, schedule: SequenceSchedule, gradOutput: UnsafePointer<Float>, outputStride: Int,
    gradInput: UnsafeMutablePointer<Float>, accumulate: Bool
  ) {
    let (b, t, g, h) = (schedule.batch, schedule.time, gateWidth, hidden)
    state.clear(b * h)
    cellState.clear(b * h)
    // The backward kernels only read `output` (dL/dy), so the caller's tensor is not copied.
    var step = buffers(output: UnsafeMutablePointer(mutating: gradOutput), outputStride: outputStride, caching: true)
    weightHH.value.withPointer { w in packedHidden.pack(rows: g, columns: h, from: w, ld: h) }
    for s in stride(from: schedule.steps - 1, through: 0, by: -1) {
      let n = schedule.active[s]
      step.count = n
      step.rows = UnsafePointer(rows.pointer + s * b)
      Cell.backward(&step)
      if s > 0 {
        packedHidden.multiply(
          m: n, a: recurrent.pointer, lda: g, accumulate: Cell.hasDirectHiddenPath, c: state.pointer, ldc: h)
      }
    }
    clearPadding(schedule)
    accumulateGradients(input: input, positions: b * t)
    weightIH.value.withPointer { w in
      BLAS.gemm(
        m: b * t, n: inputSize, k: g, a: gates.pointer, lda: g, b: w, ldb: inputSize, beta: accumulate ? 1 : 0,
        c: gradInput, ldc: inputSize)
    }
  }

  /// Sizes the buffers for this batch and fills the per-step rows.
  private func prepare(_ schedule: SequenceSchedule) {
    let (positions, g, h) = (schedule.batch * schedule.time, gateWidth, hidden)
    gates.reserve(positions * g)
    previous.reserve(positions * h)
    extra.reserve(positions * h)
    recurrent.reserve(schedule.batch * g)
    state.reserve(schedule.batch * h)
    cellState.reserve(schedule.batch * h)
    schedule.fillRows(rows.reserve(max(schedule.steps, 1) * schedule.batch), reverse: reverse)
  }

  /// bias = b_ih + the folded blocks of b_hh; hiddenBias = b_hh.
  private func foldBiases() {
    let (g, folded) = (gateWidth, Cell.foldedHiddenBiasGates * hidden)
    let (sum, copy) = (bias.reserve(g), hiddenBias.reserve(g))
    biasIH.value.withPointer { bi in
      biasHH.value.withPointer { bh in
        for k in 0..<g {
          sum[k] = bi[k] + (k < folded ? bh[k] : 0)
          copy[k] = bh[k]
        }
      }
    }
  }

  private func buffers(output: UnsafeMutablePointer<Float>, outputStride: Int, caching: Bool) -> StepBuffers {
    StepBuffers(
      count: 0, hidden: hidden, rows: UnsafePointer(rows.pointer), gates: gates.pointer, recurrent: recurrent.pointer,
      previous: previous.pointer, previous_stride: hidden, extra: extra.pointer, state: state.pointer, cell_state: cellState.pointer,
      output: output, output_stride: outputStride, bias: UnsafePointer(bias.pointer),
      hidden_bias: UnsafePointer(hiddenBias.pointer), caching: caching ? 1 : 0)
  }

  /// Zeroes the gate gradients (and the separate hidden-side ones) of padded positions, so the
  /// big products below see no contribution from them.
  private func clearPadding(_ schedule: SequenceSchedule) {
    let (g, h) = (gateWidth, hidden)
    let (z, e) = (gates.pointer, extra.pointer)
    schedule.forEachPaddedRow { row in
      (z + row * g).update(repeating: 0, count: g)
      (e + row * h).update(repeating: 0, count: h)
    }
  }

  /// dW_ih += dGᵀ·x and dW_hh += dG_hᵀ·h_prev (the hidden side of a separate gate block from its
  /// own gradient), db_ih += Σ dG, db_hh += Σ dG_h over all positions.
  private func accumulateGradients(input: UnsafePointer<Float>, positions: Int) {
    let (g, h, e) = (gateWidth, hidden, inputSize)
    weightIH.grad.withMutablePointer { dih in
      BLAS.gemm(
        transA: true, m: g, n: e, k: positions, a: gates.pointer, lda: g, b: input, ldb: e, beta: 1, c: dih, ldc: e)
    }
    let one = ones.reserve(positions)
    one.update(repeating: 1, count: positions)
    biasIH.grad.withMutablePointer { db in
      BLAS.gemm(m: 1, n: g, k: positions, a: one, lda: positions, b: gates.pointer, ldb: g, beta: 1, c: db, ldc: g)
    }
    for (source, ld, first, count) in hiddenGradientBlocks() {
      weightHH.grad.withMutablePointer { dhh in
        BLAS.gemm(
          transA: true, m: count * h, n: h, k: positions, a: source, lda: ld, b: previous.pointer, ldb: h, beta: 1,
          c: dhh + first * h * h, ldc: h)
      }
      biasHH.grad.withMutablePointer { db in
        BLAS.gemm(
          m: 1, n: count * h, k: positions, a: one, lda: positions, b: source, ldb: ld, beta: 1, c: db + first * h,
          ldc: g)
      }
    }
  }

  /// Where the hidden-side gate gradients live: (first column, row stride, first gate, gate count).
  private func hiddenGradientBlocks() -> [(UnsafeMutablePointer<Float>, Int, Int, Int)] {
    let (g, h, count) = (gateWidth, hidden, Cell.gateCount)
    guard let separate = Cell.separateHiddenGradientGate else { return [(gates.pointer, g, 0, count)] }
    var blocks: [(UnsafeMutablePointer<Float>, Int, Int, Int)] = []
    if separate > 0 { blocks.append((gates.pointer, g, 0, separate)) }
    blocks.append((extra.pointer, h, separate, 1))
    if separate + 1 < count { blocks.append((gates.pointer + (separate + 1) * h, g, separate + 1, count - separate - 1)) }
    return blocks
  }
}
