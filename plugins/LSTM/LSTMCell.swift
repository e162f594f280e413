import Recurrent

/// The LSTM gate arithmetic, gate blocks i, f, g, o:
/// c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c').
///
/// Forward keeps the activated gates in `gates` and c(t−1) in `extra`; backward recomputes c(t)
/// and tanh(c(t)) from them.
public enum LSTMCell: RecurrentCell {
  public static let gateCount = 4
  public static let foldedHiddenBiasGates = 4
  public static let separateHiddenGradientGate: Int? = nil
  public static let hasDirectHiddenPath = false

  public static func forward(_ step: StepBuffers) {
    let h = step.hidden
    step.forEachRow { r in
      step.forEachChunk { j, w in
        func pre(_ gate: Int) -> SIMD8<Float> {
          let k = gate * h + j
          return FastMath.load(r.gates + k, w) + FastMath.load(r.recurrent + k, w) + FastMath.load(step.bias + k, w)
        }
        let ig = FastMath.sigmoid(pre(0))
        let fg = FastMath.sigmoid(pre(1))
        let gg = FastMath.tanh(pre(2))
        let og = FastMath.sigmoid(pre(3))
        let c = FastMath.load(r.cellState + j, w)
        let c2 = fg * c + ig * gg
        let h2 = og * FastMath.tanh(c2)
        if step.caching {
          FastMath.store(ig, r.gates + j, w)
          FastMath.store(fg, r.gates + h + j, w)
          FastMath.store(gg, r.gates + 2 * h + j, w)
          FastMath.store(og, r.gates + 3 * h + j, w)
          FastMath.store(FastMath.load(r.state + j, w), r.previous + j, w)
          FastMath.store(c, r.extra + j, w)
        }
        FastMath.store(c2, r.cellState + j, w)
        FastMath.store(h2, r.state + j, w)
        FastMath.store(h2, r.output + j, w)
      }
    }
  }

  public static func backward(_ step: StepBuffers) {
    let h = step.hidden
    step.forEachRow { r in
      step.forEachChunk { j, w in
        let ig = FastMath.load(r.gates + j, w)
        let fg = FastMath.load(r.gates + h + j, w)
        let gg = FastMath.load(r.gates + 2 * h + j, w)
        let og = FastMath.load(r.gates + 3 * h + j, w)
        let c = FastMath.load(r.extra + j, w)
        let tc = FastMath.tanh(fg * c + ig * gg)
        let dh = FastMath.load(r.state + j, w) + FastMath.load(r.output + j, w)
        let dc = FastMath.load(r.cellState + j, w) + dh * og * (1 - tc * tc)
        storeBoth(dc * gg * ig * (1 - ig), r, j, w)
        storeBoth(dc * c * fg * (1 - fg), r, h + j, w)
        storeBoth(dc * ig * (1 - gg * gg), r, 2 * h + j, w)
        storeBoth(dh * tc * og * (1 - og), r, 3 * h + j, w)
        FastMath.store(dc * fg, r.cellState + j, w)
      }
    }
  }

  /// Writes a gate gradient to both the input side and the hidden side (equal for the LSTM).
  @inline(__always)
  private static func storeBoth(_ d: SIMD8<Float>, _ r: StepBuffers.Row, _ k: Int, _ w: Int) {
    FastMath.store(d, r.gates + k, w)
    FastMath.store(d, r.recurrent + k, w)
  }
}
