import Foundation
import TensorKernels
import Testing

@testable import TensorCore

/// The encoder kernels of TensorKernels/Encoder.c (attention softmax, layer norm, GELU): right
/// against plain Double references, and the same bits on every instruction set this CPU has.
@Suite(.serialized) struct EncoderKernelTests {
  /// Row widths: shorter than one 16-lane block, a ragged tail, whole blocks.
  static let widths = [1, 5, 17, 64, 128]

  func values(_ count: Int, seed: UInt64, range: Float = 4) -> [Float] {
    var rng = RNG(seed: seed)
    return (0..<count).map { _ in rng.uniform(-range, range) }
  }

  // MARK: attention softmax

  /// Rows of width `n` stored `ld` apart (the padding between them must stay untouched).
  func softmax(_ x: [Float], rows: Int, n: Int, ld: Int, scale: Float) -> [Float] {
    var y = x
    tk_softmax_rows(rows, n, scale, &y, ld)
    return y
  }

  @Test(arguments: widths) func softmaxMatchesDoublePrecision(n: Int) {
    let (rows, ld, scale): (Int, Int, Float) = (3, n + 2, 0.125)
    let x = values(rows * ld, seed: UInt64(n), range: 30)
    let y = softmax(x, rows: rows, n: n, ld: ld, scale: scale)
    for r in 0..<rows {
      let row = (0..<n).map { Double(x[r * ld + $0] * scale) }
      let top = row.max()!
      let sum = row.reduce(0) { $0 + exp($1 - top) }
      for j in 0..<n {
        let expected = exp(row[j] - top) / sum
        #expect(abs(Double(y[r * ld + j]) - expected) <= 1e-6 * max(expected, 1e-3), "row \(r) column \(j)")
      }
      for j in n..<ld { #expect(y[r * ld + j] == x[r * ld + j], "padding \(j) of row \(r) changed") }
    }
  }

  /// The gradient w.r.t. the unscaled scores, `scale · p ⊙ (g·mask − Σ g·mask·p)`, in Double.
  func softmaxBackwardReference(_ g: [Float], _ p: [Float], _ mask: [Float]?, n: Int, scale: Float) -> [Double] {
    (0..<n).flatMap { i -> [Double] in
      let masked = (0..<n).map { Double(g[i * n + $0]) * Double(mask?[i * n + $0] ?? 1) }
      let dot = (0..<n).reduce(0.0) { $0 + masked[$1] * Double(p[i * n + $1]) }
      return (0..<n).map { Double(p[i * n + $0]) * (masked[$0] - dot) * Double(scale) }
    }
  }

  func softmaxBackward(_ g: [Float], _ p: [Float], _ mask: [Float]?, n: Int, scale: Float) -> [Float] {
    var ds = g
    if let mask {
      tk_softmax_backward_rows(n, n, &ds, n, p, n, mask, n, scale)
    } else {
      tk_softmax_backward_rows(n, n, &ds, n, p, n, nil, 0, scale)
    }
    return ds
  }

  @Test(arguments: widths, [false, true]) func softmaxBackwardMatchesDoublePrecision(n: Int, dropout: Bool) {
    let p = softmax(values(n * n, seed: 7 + UInt64(n)), rows: n, n: n, ld: n, scale: 1)
    let g = values(n * n, seed: 9 + UInt64(n))
    let mask: [Float]? = dropout ? values(n * n, seed: 11).map { $0 < -1 ? 0 : 1.25 } : nil
    let ds = softmaxBackward(g, p, mask, n: n, scale: 0.25)
    let expected = softmaxBackwardReference(g, p, mask, n: n, scale: 0.25)
    for i in 0..<(n * n) { #expect(abs(Double(ds[i]) - expected[i]) < 1e-6, "element \(i)") }
  }

  // MARK: layer norm

  struct Normalized: Equatable {
    var y: [Float]
    var normalized: [Float]
    var inverseStd: [Float]
  }

  func layerNorm(_ x: [Float], gamma: [Float], beta: [Float], eps: Float) -> Normalized {
    let (d, rows) = (gamma.count, x.count / gamma.count)
    var out = Normalized(
      y: [Float](repeating: 0, count: x.count), normalized: [Float](repeating: 0, count: x.count),
      inverseStd: [Float](repeating: 0, count: rows))
    tk_layer_norm(rows, d, x, gamma, beta, eps, &out.normalized, &out.inverseStd, &out.y)
    return out
  }

  @Test(arguments: widths) func layerNormMatchesDoublePrecision(d: Int) {
    let rows = 4
    let x = values(rows * d, seed: 20 + UInt64(d)).map { $0 + 3 }
    let (gamma, beta) = (values(d, seed: 21), values(d, seed: 22))
    let out = layerNorm(x, gamma: gamma, beta: beta, eps: 1e-5)
    for r in 0..<rows {
      let row = (0..<d).map { Double(x[r * d + $0]) }
      let mean = row.reduce(0, +) / Double(d)
      let rstd = 1 / (row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d) + 1e-5).squareRoot()
      #expect(abs(Double(out.inverseStd[r]) - rstd) <= 1e-5 * rstd)
      for j in 0..<d {
        let expected = (row[j] - mean) * rstd * Double(gamma[j]) + Double(beta[j])
        #expect(abs(Double(out.y[r * d + j]) - expected) < 1e-4, "row \(r) column \(j)")
      }
    }
  }

  struct NormGradients: Equatable {
    var dx: [Float]
    var dGamma: [Float]
    var dBeta: [Float]
  }

  func layerNormBackward(_ g: [Float], _ forward: Normalized, gamma: [Float]) -> NormGradients {
    let d = gamma.count
    var out = NormGradients(
      dx: [Float](repeating: 0, count: g.count), dGamma: [Float](repeating: 0.5, count: d),
      dBeta: [Float](repeating: -0.5, count: d))
    tk_layer_norm_backward(
      g.count / d, d, g, forward.normalized, forward.inverseStd, gamma, &out.dGamma, &out.dBeta, &out.dx)
    return out
  }

  @Test(arguments: widths) func layerNormBackwardMatchesDoublePrecision(d: Int) {
    let rows = 3
    let x = values(rows * d, seed: 30 + UInt64(d))
    let gamma = values(d, seed: 31)
    let forward = layerNorm(x, gamma: gamma, beta: values(d, seed: 32), eps: 1e-5)
    let g = values(rows * d, seed: 33)
    let out = layerNormBackward(g, forward, gamma: gamma)
    for j in 0..<d {
      let dGamma = 0.5 + (0..<rows).reduce(0.0) { $0 + Double(g[$1 * d + j]) * Double(forward.normalized[$1 * d + j]) }
      let dBeta = -0.5 + (0..<rows).reduce(0.0) { $0 + Double(g[$1 * d + j]) }
      #expect(abs(Double(out.dGamma[j]) - dGamma) < 1e-5 && abs(Double(out.dBeta[j]) - dBeta) < 1e-5, "column \(j)")
    }
    for r in 0..<rows {
      let gn = (0..<d).map { Double(g[r * d + $0]) * Double(gamma[$0]) }
      let n = (0..<d).map { Double(forward.normalized[r * d + $0]) }
      let a = gn.reduce(0, +) / Double(d)
      let b = zip(gn, n).reduce(0.0) { $0 + $1.0 * $1.1 } / Double(d)
      for j in 0..<d {
        let expected = Double(forward.inverseStd[r]) * (gn[j] - a - n[j] * b)
        #expect(abs(Double(out.dx[r * d + j]) - expected) < 1e-5, "row \(r) column \(j)")
      }
    }
  }

  // MARK: GELU

  /// x from −12 to 12, the far left tail included, plus 0 and tiny values.
  static let geluInputs: [Float] = (0...4800).map { -12 + Float($0) * 0.005 } + [0, 1e-6, -1e-6, 1e-30]

  @Test func geluMatchesDoublePrecision() {
    let x = Self.geluInputs
    var y = [Float](repeating: 0, count: x.count)
    var g = [Float](repeating: 1, count: x.count)
    tk_gelu(x.count, x, &y)
    tk_gelu_backward(x.count, x, &g)
    for i in x.indices {
      // The reference takes the float argument x·(1/√2) the kernel sees, so that only the erf and
      // exp approximations are measured.
      let u = Double(x[i] * Float(0.5.squareRoot()))
      let cdf = 0.5 * erfc(-u)
      let expected = Double(x[i]) * cdf
      let slope = cdf + Double(x[i]) * exp(-u * u) / (2 * Double.pi).squareRoot()
      // Beyond x = −8 (gelu < 1e-14) the float u² in e^(−u²) costs up to half an ulp of u² ≈ 4e-6.
      let tolerance = x[i] < -8 ? 1e-5 : 2e-6
      #expect(abs(Double(y[i]) - expected) <= tolerance * abs(expected), "gelu(\(x[i]))")
      #expect(abs(Double(g[i]) - slope) <= 1e-6 * abs(slope) + 1e-7, "gelu′(\(x[i]))")
    }
  }

  // MARK: the same bits everywhere

  @Test(arguments: widths) func everyInstructionSetGivesTheSameBits(n: Int) {
    let x = values(n * n, seed: 50 + UInt64(n), range: 20)
    let gamma = values(n, seed: 51)
    let results = onEveryInstructionSet { _ -> [[Float]] in
      let p = softmax(x, rows: n, n: n, ld: n, scale: 0.3)
      let ds = softmaxBackward(x, p, x.map { $0 < 0 ? 0 : 2 }, n: n, scale: 0.3)
      let norm = layerNorm(x, gamma: gamma, beta: x.prefix(n).map { $0 }, eps: 1e-12)
      let grads = layerNormBackward(x.reversed(), norm, gamma: gamma)
      var y = [Float](repeating: 0, count: x.count)
      var g = x.reversed() as [Float]
      tk_gelu(x.count, x, &y)
      tk_gelu_backward(x.count, x, &g)
      return [p, ds, norm.y, norm.normalized, norm.inverseStd, grads.dx, grads.dGamma, grads.dBeta, y, g]
    }
    #expect(results.count >= 1)
    #expect(Set(results).count == 1, "the instruction sets disagree")
  }
}
