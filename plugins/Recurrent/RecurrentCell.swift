/// The raw views one time step of a recurrent direction works on.
///
/// Rows of `state`, `cellState` and `recurrent` are in the schedule's sorted order (`i`); rows of
/// `gates`, `previous`, `extra` and `output` are batch-major positions `b · time + t`, found
/// through `rows[i]`. In backward the same names hold gradients: `state` is dL/dh, `cellState`
/// dL/dc, `output` dL/dy, and the cell overwrites `gates` with the gate gradients.
public struct StepBuffers {
  /// How many examples are running at this step.
  public var count: Int
  /// The hidden size H.
  public var hidden: Int
  /// The number of gate blocks G.
  public var gateCount: Int
  /// The batch-major row of each running example.
  public var rows: UnsafePointer<Int>
  /// `[B·T, G·H]`: input projections (forward, in: pre-activation without bias; out: activated
  /// gates) and gate gradients on the input side (backward).
  public var gates: UnsafeMutablePointer<Float>
  /// `[B, G·H]`: the hidden projection h·W_hhᵀ (forward) or the hidden-side gate gradients (backward).
  public var recurrent: UnsafeMutablePointer<Float>
  /// `[B·T, H]`: the hidden state before each position (written in training forward).
  public var previous: UnsafeMutablePointer<Float>
  /// `[B·T, H]`: one more cached value per position that the cell chooses.
  public var extra: UnsafeMutablePointer<Float>
  /// `[B, H]`: h (forward) or dL/dh (backward) of the running examples.
  public var state: UnsafeMutablePointer<Float>
  /// `[B, H]`: a second state (the LSTM cell) or its gradient.
  public var cellState: UnsafeMutablePointer<Float>
  /// The output (or its gradient) of position 0, direction offset applied; row stride `outputStride`.
  public var output: UnsafeMutablePointer<Float>
  /// The distance between the output rows of consecutive positions.
  public var outputStride: Int
  /// `[G·H]`: b_ih plus the folded part of b_hh, added to the input projection.
  public var bias: UnsafePointer<Float>
  /// `[G·H]`: b_hh as stored (for gates whose hidden bias is not folded).
  public var hiddenBias: UnsafePointer<Float>
  /// Whether forward must keep what backward needs.
  public var caching: Bool

  /// The buffers of one running example at this step, offset to its rows: `gates`, `previous`,
  /// `extra` and `output` at its batch-major position, `recurrent`, `state` and `cellState` at
  /// its sorted row (see `StepBuffers` for what each holds).
  public struct Row {
    public var gates, recurrent, previous, extra, state, cellState, output: UnsafeMutablePointer<Float>

    /// The row buffers of example `i` (sorted order) at batch-major position `position`.
    @inlinable @inline(__always)
    public init(_ step: StepBuffers, example i: Int, position: Int) {
      let (h, g) = (step.hidden, step.hidden * step.gateCount)
      gates = step.gates + position * g
      recurrent = step.recurrent + i * g
      previous = step.previous + position * h
      extra = step.extra + position * h
      state = step.state + i * h
      cellState = step.cellState + i * h
      output = step.output + position * step.outputStride
    }
  }

  /// Calls `body` with the row buffers of each running example.
  @inlinable @inline(__always)
  public func forEachRow(_ body: (Row) -> Void) {
    for i in 0..<count { body(Row(self, example: i, position: rows[i])) }
  }

  /// Calls `body(j, width)` for each chunk of up to eight hidden units.
  @inlinable @inline(__always)
  public func forEachChunk(_ body: (Int, Int) -> Void) {
    var j = 0
    while j < hidden {
      body(j, min(8, hidden - j))
      j += 8
    }
  }
}

/// The gate arithmetic of one recurrent cell type; `RecurrentLayer` does everything else.
public protocol RecurrentCell: SendableMetatype {
  /// The number of gate blocks of H rows in W_ih and W_hh (4 for LSTM, 3 for GRU).
  static var gateCount: Int { get }
  /// How many leading gate blocks of b_hh are simply added to the pre-activation, and so folded
  /// into the input-side bias.
  static var foldedHiddenBiasGates: Int { get }
  /// The gate block whose hidden-side gradient differs from its input-side one and is left in
  /// `extra` by `backward` (GRU's n gate); nil when both sides are equal.
  static var separateHiddenGradientGate: Int? { get }
  /// Whether h(t−1) reaches h(t) other than through W_hh; `backward` then leaves that part of
  /// dL/dh(t−1) in `state` and the hidden product is added to it.
  static var hasDirectHiddenPath: Bool { get }
  /// One forward step over the running examples.
  static func forward(_ step: StepBuffers)
  /// One backward step: reads dL/dy and the state gradients, writes the gate gradients to `gates`
  /// (input side) and `recurrent` (hidden side), and updates the state gradients.
  static func backward(_ step: StepBuffers)
}
