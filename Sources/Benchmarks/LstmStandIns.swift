import LayerKit
import TensorCore

#if canImport(Glibc)
  import Glibc
#endif

/// Stand-in softmax cross-entropy for the benchmark until the Training module's loss is merged.
enum StandInLoss {
  /// Mean cross-entropy of rows of `logits` (last dimension = classes) against `targets`, and its
  /// gradient scaled by `scale` (1 / the rows of the whole batch).
  static func crossEntropy(logits: Tensor, targets: [Int32], scale: Float) -> (Double, Tensor) {
    let classes = logits.shape.last ?? 1
    var gradient = Tensor(shape: logits.shape)
    var total = 0.0
    logits.data.withUnsafeBufferPointer { x in
      gradient.data.withUnsafeMutableBufferPointer { g in
        guard let xb = x.baseAddress, let gb = g.baseAddress else { return }
        for (row, target) in targets.enumerated() {
          let logSum = softmax(xb + row * classes, into: gb + row * classes, count: classes, scale: scale)
          let y = row * classes + Int(target)
          total += Double(logSum - x[y])
          g[y] -= scale
        }
      }
    }
    return (total * Double(scale), gradient)
  }

  /// Replaces each row of `logits` by its log-softmax.
  static func logSoftmax(_ logits: inout Tensor) {
    let classes = logits.shape.last ?? 1
    let rows = logits.count / classes
    logits.data.withUnsafeMutableBufferPointer { x in
      guard let base = x.baseAddress else { return }
      for row in 0..<rows {
        let p = base + row * classes
        let m = maximum(p, classes)
        var sum = SIMD8<Float>(repeating: 0)
        var j = 0
        while j + 8 <= classes {
          sum += exp8(UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) - m)
          j += 8
        }
        var s = sum.sum()
        for k in j..<classes { s += expf(p[k] - m) }
        let shift = m + logf(s)
        for k in 0..<classes { p[k] -= shift }
      }
    }
  }

  /// Writes softmax(x) · scale to `out`; returns log Σ exp(x).
  static func softmax(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int, scale: Float) -> Float {
    let m = maximum(x, count)
    var sum = SIMD8<Float>(repeating: 0)
    var j = 0
    while j + 8 <= count {
      let e = exp8(UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self) - m)
      UnsafeMutableRawPointer(out + j).storeBytes(of: e, as: SIMD8<Float>.self)
      sum += e
      j += 8
    }
    var s = sum.sum()
    for k in j..<count {
      out[k] = expf(x[k] - m)
      s += out[k]
    }
    let factor = scale / s
    for k in 0..<count { out[k] *= factor }
    return m + logf(s)
  }

  static func maximum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
    var m = -Float.infinity
    for k in 0..<count { m = max(m, x[k]) }
    return m
  }

  /// e^x for x ≤ 0 (Cephes expf: range reduction by ln 2, degree-5 polynomial; rounding and
  /// 2ⁿ by float bit tricks, since SIMD `rounded` and int conversions are scalar loops without a
  /// named target CPU).
  @inline(__always)
  static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let floor = SIMD8<Float>(repeating: -87)
    let x = v.replacing(with: floor, where: v .< floor)
    let magic: Float = 12_582_912
    let shifted = x * 1.442_695_04 + magic
    let n = shifted - magic
    let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
    var p = r * 1.987_569_15e-4 + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 0.166_666_655
    p = p * r + 0.500_000_01
    p = p * (r * r) + r + 1
    let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
    return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
  }
}

/// Stand-in Adam (PyTorch defaults, lr 1e-3) until the Training module's optimizer is merged.
final class StandInAdam {
  let rate: Float
  let beta1: Float = 0.9
  let beta2: Float = 0.999
  let epsilon: Float = 1e-8
  private var moments: [ObjectIdentifier: ([Float], [Float])] = [:]
  private var count = 0

  init(rate: Float) { self.rate = rate }

  /// One update of every parameter from its gradient.
  func step(_ parameters: [Parameter]) {
    count += 1
    let c1 = 1 - powf(beta1, Float(count))
    let root2 = (1 - powf(beta2, Float(count))).squareRoot()
    let stepSize = rate / c1
    for p in parameters {
      let id = ObjectIdentifier(p)
      var (m, v) = moments.removeValue(forKey: id) ?? ([Float](repeating: 0, count: p.count), [Float](repeating: 0, count: p.count))
      update(p, &m, &v, stepSize: stepSize, root2: root2)
      moments[id] = (m, v)
    }
  }

  private func update(_ p: Parameter, _ m: inout [Float], _ v: inout [Float], stepSize: Float, root2: Float) {
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    p.grad.data.withUnsafeBufferPointer { g in
      p.value.data.withUnsafeMutableBufferPointer { w in
        m.withUnsafeMutableBufferPointer { m1 in
          v.withUnsafeMutableBufferPointer { m2 in
            for i in 0..<w.count {
              m1[i] = b1 * m1[i] + (1 - b1) * g[i]
              m2[i] = b2 * m2[i] + (1 - b2) * g[i] * g[i]
              w[i] -= stepSize * m1[i] / (m2[i].squareRoot() / root2 + eps)
            }
          }
        }
      }
    }
  }
}
