import LayerKit
import Synchronization
import TensorCore
import TensorKernels

/// Which update rule an `Optimizer` applies.
public enum OptimizerKind: String, Sendable, CaseIterable {
  /// Adam (Kingma & Ba) with L2 weight decay added to the gradient, as PyTorch's `Adam`.
  case adam
  /// Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's `AdamW`.
  case adamw
  /// Stochastic gradient descent with (PyTorch-style) momentum and L2 weight decay.
  case sgd
}

/// The hyper-parameters of an optimizer.
public struct OptimizerSettings: Sendable, Equatable {
  /// The update rule.
  public var kind: OptimizerKind
  /// SGD momentum (0: plain SGD).
  public var momentum: Double
  /// Weight decay: added to the gradient (adam, sgd) or decoupled (adamw).
  public var weightDecay: Double
  /// Adam's first-moment decay.
  public var beta1: Double
  /// Adam's second-moment decay.
  public var beta2: Double
  /// Adam's denominator guard.
  public var epsilon: Double

  /// Settings with PyTorch's defaults for whatever is not given.
  public init(
    kind: OptimizerKind, momentum: Double = 0.9, weightDecay: Double = 0, beta1: Double = 0.9,
    beta2: Double = 0.999, epsilon: Double = 1e-8
  ) {
    self.kind = kind
    self.momentum = momentum
    self.weightDecay = weightDecay
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }
}

/// Updates parameters from their accumulated gradients, keeping per-parameter state (moments).
///
/// State is keyed by the parameter object, so a parameter that becomes trainable later (gradual
/// unfreezing) starts with fresh moments and its own bias-correction step count, as in PyTorch.
public final class Optimizer {
  /// The update rule and its hyper-parameters.
  public let settings: OptimizerSettings
  private var state: [ObjectIdentifier: Moments] = [:]

  /// One parameter's running moments (`first` is SGD's velocity).
  private struct Moments {
    var first: [Float]
    var second: [Float]
    var step: Int
  }

  /// An optimizer with empty state.
  public init(settings: OptimizerSettings) { self.settings = settings }

  /// Applies one update to each parameter with its own learning rate (`rates[i]` for `parameters[i]`).
  /// Frozen parameters are skipped even if listed. `threads` > 1 cuts each large parameter's update
  /// into that many ranges run at once (`ElementwiseSplit`): the same bits, as every element's update
  /// reads only that element.
  public func step(_ parameters: [Parameter], rates: [Double], threads: Int = 1) {
    for (parameter, rate) in zip(parameters, rates) where !parameter.frozen {
      update(parameter, rate: rate, threads: threads)
    }
  }

  private func update(_ p: Parameter, rate: Double, threads: Int) {
    let id = ObjectIdentifier(p)
    var m = state[id] ?? Moments(first: [Float](repeating: 0, count: p.count), second: [], step: 0)
    state[id] = nil
    m.step += 1
    switch settings.kind {
    case .sgd: sgd(p, &m, rate, threads)
    case .adam, .adamw: adam(p, &m, rate, threads)
    }
    state[id] = m
  }

  private func sgd(_ p: Parameter, _ m: inout Moments, _ rate: Double, _ threads: Int) {
    let lr = Float(rate)
    let mu = Float(settings.momentum)
    let wd = Float(settings.weightDecay)
    let first = m.step == 1
    p.grad.data.withUnsafeBufferPointer { g in
      p.value.data.withUnsafeMutableBufferPointer { w in
        m.first.withUnsafeMutableBufferPointer { v in
          ElementwiseSplit.run(count: w.count, threads: threads) { range in
            for i in range {
              let d = g[i] + wd * w[i]
              v[i] = first ? d : mu * v[i] + d
              w[i] -= lr * (mu == 0 ? d : v[i])
            }
          }
        }
      }
    }
  }

  private func adam(_ p: Parameter, _ m: inout Moments, _ rate: Double, _ threads: Int) {
    guard p.count > 0 else { return }
    if m.second.isEmpty { m.second = [Float](repeating: 0, count: p.count) }
    let b1 = Float(settings.beta1)
    let b2 = Float(settings.beta2)
    let eps = Float(settings.epsilon)
    let correction1 = 1 - pow(settings.beta1, Double(m.step))
    let correction2 = 1 - pow(settings.beta2, Double(m.step))
    let decoupled = settings.kind == .adamw
    let constants = tk_adam_settings(
      beta1: b1, beta2: b2, epsilon: eps, step_size: Float(rate / correction1),
      root_correction2: Float(correction2.squareRoot()), coupled_decay: decoupled ? 0 : Float(settings.weightDecay),
      shrink: decoupled ? Float(1 - rate * settings.weightDecay) : 1)
    p.grad.data.withUnsafeBufferPointer { g in
      p.value.data.withUnsafeMutableBufferPointer { w in
        m.first.withUnsafeMutableBufferPointer { m1 in
          m.second.withUnsafeMutableBufferPointer { m2 in
            ElementwiseSplit.run(count: w.count, threads: threads) { r in
              let lo = r.lowerBound
              tk_adam(
                r.count, w.baseAddress! + lo, g.baseAddress! + lo, m1.baseAddress! + lo, m2.baseAddress! + lo, constants
              )
            }
          }
        }
      }
    }
  }
}

extension Optimizer {
  /// The global L2 norm of the gradients of `parameters`, accumulated in Double.
  public static func gradientNorm(_ parameters: [Parameter]) -> Double {
    var sum = 0.0
    for p in parameters {
      p.grad.data.withUnsafeBufferPointer { g in
        for v in g { sum += Double(v) * Double(v) }
      }
    }
    return sum.squareRoot()
  }

  /// Whether every gradient value is finite: the same answer as `gradientNorm(parameters).isFinite`
  /// (squares of finite floats cannot overflow a Double sum), in one vectorised pass.
  /// `threads` > 1 checks each large gradient in that many parts at once.
  public static func gradientsAreFinite(_ parameters: [Parameter], threads: Int = 1) -> Bool {
    let finite = AllFinite()
    for p in parameters {
      p.grad.data.withUnsafeBufferPointer { g in
        ElementwiseSplit.run(count: g.count, threads: threads) { r in
          if tk_all_finite(r.count, g.baseAddress.map { $0 + r.lowerBound }) != 1 {
            finite.flag.store(false, ordering: .relaxed)
          }
        }
      }
      if !finite.flag.load(ordering: .relaxed) { return false }
    }
    return true
  }

  /// Scales all gradients so their global norm is at most `maxNorm` (PyTorch's `clip_grad_norm_`);
  /// `norm` is their current global norm.
  public static func clip(_ parameters: [Parameter], norm: Double, maxNorm: Double) {
    guard maxNorm > 0, norm > maxNorm else { return }
    let factor = Float(maxNorm / (norm + 1e-6))
    for p in parameters {
      p.grad.data.withUnsafeMutableBufferPointer { g in
        for i in 0..<g.count { g[i] *= factor }
      }
    }
  }
}

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// Cleared by whichever part of `gradientsAreFinite` finds a value that is not finite.
private final class AllFinite: Sendable {
  let flag = Atomic<Bool>(true)
}
