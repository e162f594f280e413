import Recurrent

/// The GRU gate arithmetic in PyTorch's form, gate blocks r, z, n:
/// r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r·(W_hn·h + b_hn)), h' = (1−z)·n + z·h.
///
/// Forward keeps the activated gates in `gates` and W_hn·h + b_hn in `extra`; backward leaves the
/// hidden-side gradient of the n block (which carries the factor r) in `extra`.
public enum GRUCell: RecurrentCell {
  public static let gateCount = 3
  public static let foldedHiddenBiasGates = 2
  public static let separateHiddenGradientGate: Int? = 2
  public static let hasDirectHiddenPath = true

  public static func forward(_ step: StepBuffers) {
    let h = step.hidden
    step.forEachRow { r in
      step.forEachChunk { j, w in
        func input(_ gate: Int) -> SIMD8<Float> {
          FastMath.load(r.gates + gate * h + j, w) + FastMath.load(step.bias + gate * h + j, w)
        }
        let reset = FastMath.sigmoid(input(0) + FastMath.load(r.recurrent + j, w))
        let update = FastMath.sigmoid(input(1) + FastMath.load(r.recurrent + h + j, w))
        let hn = FastMath.load(r.recurrent + 2 * h + j, w) + FastMath.load(step.hiddenBias + 2 * h + j, w)
        let n = FastMath.tanh(input(2) + reset * hn)
        let old = FastMath.load(r.state + j, w)
        let new = n + update * (old - n)
        if step.caching {
          FastMath.store(reset, r.gates + j, w)
          FastMath.store(update, r.gates + h + j, w)
          FastMath.store(n, r.gates + 2 * h + j, w)
          FastMath.store(old, r.previous + j, w)
          FastMath.store(hn, r.extra + j, w)
        }
        FastMath.store(new, r.state + j, w)
        FastMath.store(new, r.output + j, w)
      }
    }
  }

  public static func backward(_ step: StepBuffers) {
    let h = step.hidden
    step.forEachRow { r in
      step.forEachChunk { j, w in
        let reset = FastMath.load(r.gates + j, w)
        let update = FastMath.load(r.gates + h + j, w)
        let n = FastMath.load(r.gates + 2 * h + j, w)
        let hn = FastMath.load(r.extra + j, w)
        let old = FastMath.load(r.previous + j, w)
        let dh = FastMath.load(r.state + j, w) + FastMath.load(r.output + j, w)
        let dn = dh * (1 - update) * (1 - n * n)
        let dr = dn * hn * reset * (1 - reset)
        let du = dh * (old - n) * update * (1 - update)
        FastMath.store(dr, r.gates + j, w)
        FastMath.store(du, r.gates + h + j, w)
        FastMath.store(dn, r.gates + 2 * h + j, w)
        FastMath.store(dr, r.recurrent + j, w)
        FastMath.store(du, r.recurrent + h + j, w)
        FastMath.store(dn * reset, r.recurrent + 2 * h + j, w)
        FastMath.store(dn * reset, r.extra + j, w)
        FastMath.store(dh * update, r.state + j, w)
      }
    }
  }
}
