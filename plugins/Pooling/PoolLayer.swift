import LayerKit
import Schema
import TensorCore

/// `pool last|mean|max|concat|cls`: turns a sequence into one vector per example, masked so padding
/// never counts. `last` takes each sequence's last real step (`lengths[b] − 1`, right padding);
/// `concat` is ULMFiT's `[last, max, mean]` (3× the width); `cls` takes the first step (BERT's
/// `[CLS]` token).
public final class PoolLayer: Layer {
  /// How the steps are combined.
  public enum Mode: String, Sendable, CaseIterable {
    case last, mean, max, concat, cls
  }

  /// The registered type.
  public static let type = LayerType(
    name: "pool",
    summary: "sequence to vector: last real step, mean, max, concat [last, max, mean], or cls (first step)",
    options: [
      OptionSpec("mode", .choice(Mode.allCases.map(\.rawValue)), default: "last", help: "how steps are combined")
    ]
  ) { options, shape, _ throws(LayerError) in
    switch shape {
    case .sequence: break
    case .tokens: throw LayerError("input is token ids; put an 'embedding' layer before 'pool'")
    case .vector(let f): throw LayerError("input is already a vector (\(f)); 'pool' needs a sequence")
    }
    return PoolLayer(mode: try options.settingChoice("mode"), features: shape.width)
  }

  public let typeName = "pool"
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  public var parameters: [(String, Parameter)] { [] }
  /// The pooling mode.
  public let mode: Mode
  private let features: Int
  private var inputDims = (batch: 0, time: 0)
  private var lengths: [Int] = []
  /// For `max`/`concat`: the time step that won, per example and feature.
  private var argmax: [Int] = []

  /// A pooling layer over sequences of `features`.
  public init(mode: Mode, features: Int) {
    self.mode = mode
    self.features = features
    self.inputShape = .sequence(features)
    self.outputShape = .vector(mode == .concat ? 3 * features : features)
  }

  /// The parts of the output, in order, each `features` wide.
  private var parts: [Mode] { mode == .concat ? [.last, .max, .mean] : [mode] }

  public func forward(_ x: Activation, context: LayerContext) throws -> Activation {
    let (batch, time, f) = (x.batch, x.values.shape[1], features)
    let width = outputShape.width
    inputDims = (batch, time)
    lengths = x.lengths
    if argmax.count != batch * f { argmax = [Int](repeating: 0, count: batch * f) }
    var y = Tensor(shape: [batch, width])
    x.values.data.withUnsafeBufferPointer { px in
      y.data.withUnsafeMutableBufferPointer { py in
        for b in 0..<batch {
          let n = max(1, min(x.lengths[b], time))
          for (k, part) in parts.enumerated() {
            let o = b * width + k * f
            for j in 0..<f {
              let at = { (t: Int) in px[(b * time + t) * f + j] }
              switch part {
              case .last: py[o + j] = at(n - 1)
              case .cls: py[o + j] = at(0)
              case .mean:
                var s: Float = 0
                for t in 0..<n { s += at(t) }
                py[o + j] = s / Float(n)
              case .max, .concat:
                var best = 0
                for t in 1..<max(n, 1) where at(t) > at(best) { best = t }
                argmax[b * f + j] = best
                py[o + j] = at(best)
              }
            }
          }
        }
      }
    }
    return Activation(values: y, lengths: [Int](repeating: 1, count: batch))
  }

  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    let (batch, time, f) = (inputDims.batch, inputDims.time, features)
    let width = outputShape.width
    var gx = Tensor(shape: [batch, time, f])
    gradOutput.data.withUnsafeBufferPointer { pg in
      gx.data.withUnsafeMutableBufferPointer { px in
        for b in 0..<batch {
          let n = max(1, min(lengths[b], time))
          for (k, part) in parts.enumerated() {
            let o = b * width + k * f
            for j in 0..<f {
              let g = pg[o + j]
              switch part {
              case .last: px[(b * time + n - 1) * f + j] += g
              case .cls: px[b * time * f + j] += g
              case .mean: for t in 0..<n { px[(b * time + t) * f + j] += g / Float(n) }
              case .max, .concat: px[(b * time + argmax[b * f + j]) * f + j] += g
              }
            }
          }
        }
      }
    }
    return gx
  }
}
