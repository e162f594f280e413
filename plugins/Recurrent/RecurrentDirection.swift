import LayerKit
import TensorCore
import TensorKernels

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
  /// `[B·T, inputSize + H]`: x and h(t−1) of each position side by side, so that one product
  /// gives [dW_ih | dW_hh].
  private let previous = ScratchBuffer<Float>(zero: 0)
  private let weightGradients = ScratchBuffer<Float>(zero: 0)
  /// W_hh packed for the per-step products.
  private let packedHidden = PackedMatrix()
  /// W_ihᵀ packed, when the cell takes the input projection step by step (`Cell.fusesInputProjection`).
  private let packedInput = PackedMatrix()
  /// `[B, inputSize]`: the inputs of one step's running examples, gathered for that step's product.
  private let stepInputs = ScratchBuffer<Float>(zero: 0)
  private let extra = ScratchBuffer<Float>(zero: 0)
  private let state = ScratchBuffer<Float>(zero: 0)
  private let cellState = ScratchBuffer<Float>(zero: 0)
  private let bias = ScratchBuffer<Float>(zero: 0)
  private let hiddenBias = ScratchBuffer<Float>(zero: 0)
  private let rows = ScratchBuffer<Int>(zero: 0)
  /// Weight drop: the mask on W_hh of the last training forward (0 or 1/(1−p)); empty when off.
  private var hiddenWeightMask = Tensor(shape: [0])

  /// Draws the weights uniformly from ±1/√H in PyTorch's order (w_ih, w_hh, b_ih, b_hh).
  init(inputSize: Int, hidden: Int, reverse: Bool, rng: inout RNG) {
    self.inputSize = inputSize
    self.hidden = hidden
    self.reverse = reverse
    let g = Cell.gateCount * hidden
    let bound = 1 / Float(hidden).squareRoot()
    func uniform(_ shape: [Int]) -> Parameter { Affine.uniform(shape, bound, &rng) }
    weightIH = uniform([g, inputSize])
    weightHH = uniform([g, hidden])
    biasIH = uniform([g])
    biasHH = uniform([g])
  }

  /// Draws a new DropConnect mask on W_hh with probability `p` in training mode (AWD-LSTM's weight
  /// drop); turns it off otherwise. The next forward and backward use W_hh ⊙ mask, and only the
  /// kept weights get gradient.
  func dropWeights(_ p: Float, context: LayerContext) {
    if context.training && p > 0 {
      DropoutMask.fill(&hiddenWeightMask, shape: weightHH.value.shape, p: p, rng: &context.rng)
    } else {
      hiddenWeightMask.resize(to: [0])
    }
  }

  /// W_hh as the products see it: masked under weight drop.
  private var effectiveHiddenWeights: Tensor {
    guard hiddenWeightMask.count > 0 else { return weightHH.value }
    var w = weightHH.value
    DropoutMask.apply(hiddenWeightMask, to: &w)
    return w
  }

  /// The gate width G·H.
  var gateWidth: Int { Cell.gateCount * hidden }

  /// Runs the direction over `input` (`[B·T, inputSize]`), writing h at every real position of
  /// `output` (direction offset applied, rows `outputStride` apart); with `caching`, keeps what
  /// `backward` needs. Starts from `initial` (zeros when nil) and returns the state each example
  /// ends in; no gradient flows back into `initial` (it is detached).
  @discardableResult
  func forward(
    input: UnsafePointer<Float>, schedule: SequenceSchedule, output: UnsafeMutablePointer<Float>,
    outputStride: Int, caching: Bool, initial: RecurrentState? = nil
  ) -> RecurrentState {
    let (b, t, g, h) = (schedule.batch, schedule.time, gateWidth, hidden)
    prepare(schedule)
    foldBiases()
    if caching { copyInputs(input, positions: b * t) }
    let fused = Cell.fusesInputProjection
    weightIH.value.withPointer { w in
      if fused {
        packedInput.pack(rows: inputSize, columns: g, from: w, ld: inputSize, transposed: true)
      } else {
        BLAS.gemm(
          transB: true, m: b * t, n: g, k: inputSize, a: input, lda: inputSize, b: w, ldb: inputSize,
          c: gates.pointer, ldc: g)
      }
    }
    state.clear(b * h)
    cellState.clear(b * h)
    if let initial { load(initial, schedule) }
    var step = buffers(output: output, outputStride: outputStride, caching: caching)
    step.fused = fused ? 1 : 0
    effectiveHiddenWeights.withPointer { w in packedHidden.pack(rows: h, columns: g, from: w, ld: h, transposed: true) }
    for s in 0..<schedule.steps {
      let n = schedule.active[s]
      let stepRows = UnsafePointer(rows.pointer + s * b)
      if fused { projectInputs(input, rows: stepRows, count: n) }
      if s > 0 || initial != nil {
        packedHidden.multiply(m: n, a: state.pointer, lda: h, accumulate: fused, c: recurrent.pointer, ldc: g)
      } else if !fused {
        recurrent.clear(n * g)
      }
      step.count = n
      step.rows = stepRows
      Cell.forward(&step)
    }
    return finalState(schedule)
  }

  /// Puts `initial`'s rows into `state` and `cellState` in the schedule's sorted order.
  private func load(_ initial: RecurrentState, _ schedule: SequenceSchedule) {
    let h = hidden
    initial.hidden.withPointer { hp in
      initial.cell.withPointer { cp in
        for (i, example) in schedule.order.enumerated() {
          (state.pointer + i * h).update(from: hp + example * h, count: h)
          (cellState.pointer + i * h).update(from: cp + example * h, count: h)
        }
      }
    }
  }

  /// The state each example ended in, in example order (a finished example's rows stop advancing).
  private func finalState(_ schedule: SequenceSchedule) -> RecurrentState {
    let (b, h) = (schedule.batch, hidden)
    var result = RecurrentState(hidden: Tensor(shape: [b, h]), cell: Tensor(shape: [b, h]))
    result.hidden.withMutablePointer { hp in
      result.cell.withMutablePointer { cp in
        for (i, example) in schedule.order.enumerated() {
          (hp + example * h).update(from: state.pointer + i * h, count: h)
          (cp + example * h).update(from: cellState.pointer + i * h, count: h)
        }
      }
    }
    return result
  }

  /// recurrent = bias + x·W_ihᵀ for the `count` running examples of one step (their batch-major
  /// positions in `rows`): the whole pre-activation once the hidden product is added.
  private func projectInputs(_ input: UnsafePointer<Float>, rows: UnsafePointer<Int>, count: Int) {
    let x = stepInputs.pointer
    for i in 0..<count { (x + i * inputSize).update(from: input + rows[i] * inputSize, count: inputSize) }
    packedInput.multiply(m: count, a: x, lda: inputSize, bias: bias.pointer, c: recurrent.pointer, ldc: gateWidth)
  }

  /// Back-propagates dL/dy (`gradOutput`, offset and stride as in `forward`) through the last
  /// caching forward: accumulates the four parameter gradients and adds dL/dx into `gradInput`
  /// (`[B·T, inputSize]`; overwritten instead when `accumulate` is false).
  func backward(
    schedule: SequenceSchedule, gradOutput: UnsafePointer<Float>, outputStride: Int,
    gradInput: UnsafeMutablePointer<Float>, accumulate: Bool
  ) {
    let (b, t, g, h) = (schedule.batch, schedule.time, gateWidth, hidden)
    state.clear(b * h)
    cellState.clear(b * h)
    // The backward kernels only read `output` (dL/dy), so the caller's tensor is not copied.
    var step = buffers(output: UnsafeMutablePointer(mutating: gradOutput), outputStride: outputStride, caching: true)
    effectiveHiddenWeights.withPointer { w in packedHidden.pack(rows: g, columns: h, from: w, ld: h) }
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
    let before = hiddenWeightMask.count > 0 ? weightHH.grad : nil
    accumulateGradients(positions: b * t)
    if let before { maskHiddenGradient(since: before) }
    weightIH.value.withPointer { w in
      BLAS.gemm(
        m: b * t, n: inputSize, k: g, a: gates.pointer, lda: g, b: w, ldb: inputSize, beta: accumulate ? 1 : 0,
        c: gradInput, ldc: inputSize)
    }
  }

  /// dW_hh = before + (dW_hh − before) ⊙ mask: this pass's contribution through the kept weights only.
  private func maskHiddenGradient(since before: Tensor) {
    let mask = hiddenWeightMask
    weightHH.grad.withMutablePointer { g in
      for i in 0..<mask.count { g[i] = before.data[i] + (g[i] - before.data[i]) * mask.data[i] }
    }
  }

  /// Sizes the buffers for this batch and fills the per-step rows.
  private func prepare(_ schedule: SequenceSchedule) {
    let (positions, g, h) = (schedule.batch * schedule.time, gateWidth, hidden)
    gates.reserve(positions * g)
    previous.reserve(positions * previousWidth)
    extra.reserve(positions * h)
    recurrent.reserve(schedule.batch * g)
    stepInputs.reserve(schedule.batch * inputSize)
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
      previous: previous.pointer + inputSize, previous_stride: previousWidth, extra: extra.pointer,
      state: state.pointer, cell_state: cellState.pointer,
      output: output, output_stride: outputStride, bias: UnsafePointer(bias.pointer),
      hidden_bias: UnsafePointer(hiddenBias.pointer), caching: caching ? 1 : 0, fused: 0)
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

  /// The width of a `previous` row: x, h(t−1).
  private var previousWidth: Int { inputSize + hidden }

  /// Copies each position's x into the first columns of `previous`.
  private func copyInputs(_ input: UnsafePointer<Float>, positions: Int) {
    for row in 0..<positions {
      (previous.pointer + row * previousWidth).update(from: input + row * inputSize, count: inputSize)
    }
  }

  /// [dW_ih | dW_hh] += dGᵀ·[x | h_prev] in one product over all positions and db += Σ dG; the
  /// hidden side of a separate gate block (GRU's n) comes from its own gradient in `extra`.
  private func accumulateGradients(positions: Int) {
    let (g, h, e, width) = (gateWidth, hidden, inputSize, previousWidth)
    let both = weightGradients.reserve(g * (width + 1))
    BLAS.gemm(
      transA: true, m: g, n: width, k: positions, a: gates.pointer, lda: g, b: previous.pointer, ldb: width, c: both,
      ldc: width)
    let sums = both + g * width
    sums.update(repeating: 0, count: g)
    tk_add_column_sums(positions, g, gates.pointer, g, sums)
    let separate = Cell.separateHiddenGradientGate.map { ($0 * h)..<(($0 + 1) * h) } ?? 0..<0
    weightIH.grad.withMutablePointer { dih in
      weightHH.grad.withMutablePointer { dhh in
        biasIH.grad.withMutablePointer { dbi in
          biasHH.grad.withMutablePointer { dbh in
            for r in 0..<g {
              let row = both + r * width
              for c in 0..<e { dih[r * e + c] += row[c] }
              dbi[r] += sums[r]
              if separate.contains(r) { continue }
              for c in 0..<h { dhh[r * h + c] += row[e + c] }
              dbh[r] += sums[r]
            }
            if separate.isEmpty { return }
            BLAS.gemm(
              transA: true, m: h, n: h, k: positions, a: extra.pointer, lda: h, b: previous.pointer + e, ldb: width,
              beta: 1, c: dhh + separate.lowerBound * h, ldc: h)
            tk_add_column_sums(positions, h, extra.pointer, h, dbh + separate.lowerBound)
          }
        }
      }
    }
  }
}
