#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// A learning-rate schedule: a multiplier of the base rate for each optimizer step.
public enum Schedule: String, Sendable, CaseIterable {
  /// The base rate throughout.
  case constant
  /// One-cycle (Smith; fastai's `fit_one_cycle`): cosine warm-up from lr/25 to lr over the first
  /// 25 % of the steps, then cosine annealing down to lr/(25·10⁴). Momentum is not cycled.
  case onecycle
  /// Slanted triangular learning rates (Howard & Ruder 2018, ULMFiT): a linear rise over the first
  /// `cut_frac` = 10 % of the steps from lr/32 to lr, then a linear decay back to lr/32 (ratio 32).
  case stlr

  /// The multiplier for step `step` (0-based) of `total` steps.
  public func multiplier(step: Int, total: Int) -> Double {
    let total = max(total, 1)
    let t = Double(min(max(step, 0), total))
    switch self {
    case .constant:
      return 1
    case .onecycle:
      let warm = max(1.0, (0.25 * Double(total)).rounded(.down))
      if t <= warm { return Schedule.cosine(from: 1.0 / 25, to: 1, fraction: t / warm) }
      let rest = max(1.0, Double(total) - warm)
      return Schedule.cosine(from: 1, to: 1.0 / 25e4, fraction: (t - warm) / rest)
    case .stlr:
      let cutFrac = 0.1
      let ratio = 32.0
      let cut = max(1.0, (Double(total) * cutFrac).rounded(.down))
      let p = t < cut ? t / cut : max(0, 1 - (t - cut) / (cut * (1 / cutFrac - 1)))
      return (1 + p * (ratio - 1)) / ratio
    }
  }

  /// Cosine interpolation from `a` (fraction 0) to `b` (fraction 1).
  static func cosine(from a: Double, to b: Double, fraction: Double) -> Double {
    b + (a - b) * (1 + cos(Double.pi * min(max(fraction, 0), 1))) / 2
  }
}
