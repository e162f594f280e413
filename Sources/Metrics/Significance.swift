import TextFormatting

#if canImport(Glibc)
  import Glibc
#endif

/// The one significance rule of the tool, used by `compare`, the negative-transfer flag and `curve`:
/// a difference is significant when a two-sided test gives p < `alpha` = 0.05.
///
/// - Several seeds per arm (`curve`): a paired t-test over the seeds (the same seed draws the same
///   training sample for every arm, so the scores pair up).
/// - Single runs on one test set (`compare`): an exact McNemar test on the examples the two models
///   disagree about (a binomial test of the discordant pairs against 1/2).
public enum Significance {
  /// The significance level: p below this is called significant.
  public static let alpha = 0.05

  /// Whether `p` is significant under the rule.
  public static func isSignificant(_ p: Double) -> Bool { p < alpha }

  /// `p=0.004`, `p<0.001` (three decimals).
  public static func pText(_ p: Double) -> String { p < 0.001 ? "p<0.001" : "p=\(decimal(p))" }

  /// The two-sided p-value of a paired t-test on `a[i]` vs `b[i]` (needs at least two pairs).
  /// Differences that are all equal give 1 when they are zero and 0 otherwise (t is infinite).
  public static func pairedT(_ a: [Double], _ b: [Double]) -> Double {
    let d = zip(a, b).map { $0 - $1 }
    precondition(d.count >= 2, "a paired t-test needs at least two pairs")
    let n = Double(d.count)
    let mean = d.reduce(0, +) / n
    let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    guard variance > 0 else { return mean == 0 ? 1 : 0 }
    let t = mean / (variance / n).squareRoot()
    return studentTTwoSided(t, degreesOfFreedom: n - 1)
  }

  /// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
  public static func studentTTwoSided(_ t: Double, degreesOfFreedom df: Double) -> Double {
    guard t.isFinite else { return 0 }
    return regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
  }

  /// The exact two-sided McNemar p-value: `onlyFirst` examples only the first model got right,
  /// `onlySecond` only the second; min(1, 2·P(X ≤ min)) for X ~ Binomial(onlyFirst + onlySecond, 1/2).
  public static func mcNemar(onlyFirst: Int, onlySecond: Int) -> Double {
    let n = onlyFirst + onlySecond
    guard n > 0 else { return 1 }
    let k = min(onlyFirst, onlySecond)
    // log C(n, i) - n·log 2, summed in probability space (n is at most the test set's size).
    let logHalf = -Double(n) * log(2.0)
    var tail = 0.0
    for i in 0...k { tail += exp(logChoose(n, i) + logHalf) }
    return min(1, 2 * tail)
  }

  /// The McNemar p-value of two models' per-example correctness on the same examples.
  public static func mcNemar(_ first: [Bool], _ second: [Bool]) -> Double {
    let pairs = zip(first, second)
    return mcNemar(
      onlyFirst: pairs.filter { $0 && !$1 }.count, onlySecond: pairs.filter { !$0 && $1 }.count)
  }

  /// log of the binomial coefficient C(n, k).
  static func logChoose(_ n: Int, _ k: Int) -> Double {
    lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
  }

  /// The regularised incomplete beta function I_x(a, b) (a, b > 0, 0 ≤ x ≤ 1), by the continued
  /// fraction of Numerical Recipes (§6.4) evaluated with the modified Lentz method.
  public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x))
    // The fraction converges fast for x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 − I_{1−x}(b,a).
    if x < (a + 1) / (a + b + 2) { return front * betaFraction(x, a: a, b: b) / a }
    return 1 - front * betaFraction(1 - x, a: b, b: a) / b
  }

  /// The continued fraction for I_x(a, b).
  private static func betaFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
    var c = 1.0
    var d = 1 / guarded(1 - (a + b) * x / (a + 1))
    var h = d
    for m in 1...300 {
      let m = Double(m)
      let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 / guarded(1 + even * d)
      c = guarded(1 + even / c)
      h *= d * c
      let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 / guarded(1 + odd * d)
      c = guarded(1 + odd / c)
      let step = d * c
      h *= step
      if abs(step - 1) < 1e-15 { break }
    }
    return h
  }
}

extension Significance {
  /// The line `compare` prints for one model against the first:
  /// `'ft' vs 'scratch': +3.2 points, p=0.004 (McNemar), significant`.
  public static func comparisonLine(_ name: String, against baseline: String, difference: Double, p: Double)
    -> String
  {
    "'\(name)' vs '\(baseline)': \(signedPoints(difference)) points, \(pText(p)) (McNemar), "
      + (isSignificant(p) ? "significant" : "not significant")
  }

  /// An accuracy difference in percentage points with its sign: `+3.2`, `-0.1`, `+0.0`.
  public static func signedPoints(_ difference: Double) -> String {
    let tenths = Int((difference * 1000).rounded())
    return (tenths < 0 ? "-" : "+") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
  }
}
