import TensorCore

/// The outcome of a finite-difference gradient check: one worst error per parameter key and for
/// the input, plus how far padding strays from zero.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
  /// The largest error per key, in the layer's parameter order, then `input` (when checked).
  ///
  /// An element's error is `|analytic − numeric| / (1 + max(|analytic|, |numeric|))`: absolute for
  /// small gradients, relative for large ones.
  public var errors: [(key: String, maxError: Double)]
  /// The largest `|output|` at padded positions of a sequence output (0 when the layer zeroes them).
  public var paddingOutputMax: Double
  /// The largest `|input gradient|` at padded positions of a sequence input.
  public var paddingInputGradientMax: Double
  /// How many elements were compared in all.
  public var checkedElements: Int

  /// The worst error for `key`, if that key was checked.
  public func maxError(_ key: String) -> Double? { errors.first { $0.key == key }?.maxError }

  /// The key with the largest error, and that error.
  public var worst: (key: String, maxError: Double) {
    errors.max { $0.maxError < $1.maxError } ?? ("", 0)
  }

  /// `weight 3.1e-05, bias 2.0e-06, input 4.4e-05 (padding out 0, padding grad 0)`.
  public var description: String {
    errors.map { "\($0.key) \($0.maxError)" }.joined(separator: ", ")
      + " (padding out \(paddingOutputMax), padding grad \(paddingInputGradientMax))"
  }
}

/// A finite-difference gradient checker that works on any `Layer` through the protocol only.
///
/// The loss is a random linear function of the output, `L = Σ r·y` over real positions only, so
/// padded outputs cannot matter. Analytic gradients come from one `forward`/`backward`; numeric ones
/// from central differences `(L(x+ε) − L(x−ε)) / 2ε`, with the loss accumulated in Double. Every
/// forward uses a fresh `LayerContext` with the same seed, so training mode with dropout is
/// deterministic too. Non-smooth layers (`relu`, `max`) need inputs away from their kinks.
public enum GradientCheck {
  /// Checks every parameter of `layer` (a deterministic random subset of at most `maxElements`
  /// elements per parameter) and, for value inputs, every input element.
  public static func check(
    _ layer: any Layer, input: Activation, training: Bool = false, contextSeed: UInt64 = 1,
    epsilon: Float = 1e-2, maxElements: Int = 200, seed: UInt64 = 42
  ) throws -> GradientCheckResult {
    var rng = RNG(seed: seed)
    let probe = try layer.forward(input, context: LayerContext(training: training, seed: contextSeed))
    let weights = lossWeights(for: probe, rng: &rng)
    let loss = { (x: Activation) throws -> Double in
      let y = try layer.forward(x, context: LayerContext(training: training, seed: contextSeed))
      return dot(y.values, weights)
    }
    for (_, p) in layer.parameters { p.zeroGrad() }
    let output = try layer.forward(input, context: LayerContext(training: training, seed: contextSeed))
    let inputGrad = try layer.backward(weights, context: LayerContext(training: training, seed: contextSeed))

    var errors: [(String, Double)] = []
    var checked = 0
    for (key, p) in layer.parameters {
      let analytic = p.grad
      let indices = sample(p.count, maxElements, &rng)
      var worst = 0.0
      for i in indices {
        let numeric = try centralDifference(epsilon) { (delta: Float) throws -> Double in
          let original = p.value.data[i]
          p.value.data[i] = original + delta
          defer { p.value.data[i] = original }
          return try loss(input)
        }
        worst = max(worst, numeric(Double(analytic.data[i])))
      }
      checked += indices.count
      errors.append((key, worst))
    }
    if input.tokens.isEmpty && input.values.count > 0 {
      var x = input
      var worst = 0.0
      for i in 0..<x.values.count {
        let numeric = try centralDifference(epsilon) { (delta: Float) throws -> Double in
          let original = x.values.data[i]
          x.values.data[i] = original + delta
          defer { x.values.data[i] = original }
          return try loss(x)
        }
        worst = max(worst, numeric(i < inputGrad.count ? Double(inputGrad.data[i]) : .nan))
      }
      checked += x.values.count
      errors.append(("input", worst))
    }
    return GradientCheckResult(
      errors: errors, paddingOutputMax: paddingMax(output.values, output),
      paddingInputGradientMax: input.tokens.isEmpty ? paddingMax(inputGrad, input) : 0, checkedElements: checked)
  }

  /// A right-padded batch of random values in [-1, 1) (away from 0 by at least `margin`), with
  /// nonzero garbage at padded positions so a layer that reads padding fails the check.
  ///
  /// With `distinct`, the values are a shuffled evenly spaced grid instead, so no two are closer
  /// than 2/count and none is near 0: what `max` pooling needs to stay away from its kinks.
  public static func randomSequence(
    lengths: [Int], time: Int, features: Int, margin: Float = 0, distinct: Bool = false, seed: UInt64 = 3
  ) -> Activation {
    var rng = RNG(seed: seed)
    var values = Tensor(shape: [lengths.count, time, features])
    let n = values.count
    if distinct {
      var grid = (0..<n).map { -1 + (Float($0) + 0.5) * 2 / Float(n) }
      rng.shuffle(&grid)
      values.data = grid
    } else {
      for i in 0..<n {
        let magnitude = rng.uniform(margin, 1)
        values.data[i] = rng.uniform() < 0.5 ? -magnitude : magnitude
      }
    }
    return Activation(values: values, lengths: lengths)
  }

  /// A batch of random token ids in 1..<vocabulary at real positions and 0 (`<pad>`) after.
  public static func randomTokens(lengths: [Int], time: Int, vocabulary: Int, seed: UInt64 = 5) -> Activation {
    var rng = RNG(seed: seed)
    var tokens = [Int32](repeating: 0, count: lengths.count * time)
    for b in 0..<lengths.count {
      for t in 0..<lengths[b] { tokens[b * time + t] = Int32(1 + rng.below(vocabulary - 1)) }
    }
    return Activation(tokens: tokens, batch: lengths.count, time: time, lengths: lengths)
  }

  /// Random loss weights shaped like `output.values`, zero at padded positions of a sequence.
  static func lossWeights(for output: Activation, rng: inout RNG) -> Tensor {
    var r = Tensor(shape: output.values.shape)
    for i in 0..<r.count { r.data[i] = rng.uniform(-1, 1) }
    if output.values.shape.count == 3 {
      let (time, features) = (output.values.shape[1], output.values.shape[2])
      for b in 0..<output.batch {
        for t in min(output.lengths[b], time)..<time {
          for f in 0..<features { r.data[(b * time + t) * features + f] = 0 }
        }
      }
    }
    return r
  }

  /// `Σ a·b` in Double.
  static func dot(_ a: Tensor, _ b: Tensor) -> Double {
    var s = 0.0
    for i in 0..<min(a.count, b.count) { s += Double(a.data[i]) * Double(b.data[i]) }
    return a.count == b.count ? s : .nan
  }

  /// The largest magnitude at padded positions of a `[B, T, F]` tensor (0 for other shapes).
  static func paddingMax(_ values: Tensor, _ shapeSource: Activation) -> Double {
    guard values.shape.count == 3 else { return 0 }
    let (time, features) = (values.shape[1], values.shape[2])
    var m = 0.0
    for b in 0..<values.shape[0] {
      for t in min(shapeSource.lengths[b], time)..<time {
        for f in 0..<features { m = max(m, Double(abs(values.data[(b * time + t) * features + f]))) }
      }
    }
    return m
  }

  /// Returns a function giving the error of an analytic value against the central difference of
  /// `loss` (a function of the perturbation). The difference is also taken at ε/10, and when the
  /// error at `epsilon` exceeds 1e-3 the smaller error is kept: a step across a kink (`relu`, `max`) spoils one
  /// step size but not both, while a wrong gradient fails at every step size.
  static func centralDifference(
    _ epsilon: Float, _ loss: (Float) throws -> Double
  ) throws -> (Double) -> Double {
    let coarse = (try loss(epsilon) - loss(-epsilon)) / (2 * Double(epsilon))
    let fine = (try loss(epsilon / 10) - loss(-epsilon / 10)) / (0.2 * Double(epsilon))
    return { analytic in
      let e = error(analytic, coarse)
      return e > 1e-3 ? min(e, error(analytic, fine)) : e
    }
  }

  /// Mixed absolute/relative error; NaN counts as infinitely wrong.
  static func error(_ analytic: Double, _ numeric: Double) -> Double {
    let e = abs(analytic - numeric) / (1 + max(abs(analytic), abs(numeric)))
    return e.isNaN ? .infinity : e
  }

  /// All of `0..<count`, or a sorted deterministic random subset of `limit` distinct indices.
  static func sample(_ count: Int, _ limit: Int, _ rng: inout RNG) -> [Int] {
    if count <= limit { return Array(0..<count) }
    var chosen = Set<Int>()
    while chosen.count < limit { chosen.insert(rng.below(count)) }
    return chosen.sorted()
  }
}
