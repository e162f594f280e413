import LayerKit
import Schema
import TensorCore
import TensorKernels

#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// `adaptive cutoffs=2000,6000 div_value=4`: the adaptive softmax of Grave et al. 2017 ("Efficient
/// softmax approximation for GPUs") as the output layer of a language model, with exactly the
/// layout and parameter names of PyTorch's `nn.AdaptiveLogSoftmaxWithLoss`: `head.weight`
/// `[shortlist + clusters, in]` (and `head.bias` with `head_bias=yes`), and per tail cluster `i`
/// `tail.i.0.weight` `[in // div_value^(i+1), in]` and `tail.i.1.weight` `[cluster size, hsz]`.
///
/// `forward` outputs the full normalised log-probabilities over the vocabulary (PyTorch's
/// `log_prob`), used by evaluation, perplexity and `generate`. Training calls `targetLoss`, which
/// computes the head plus only the tail clusters the batch's targets fall in (PyTorch's `forward`).
/// Vocabularies are sorted by frequency, so the shortlist holds the most frequent tokens.
public final class AdaptiveSoftmaxLayer: TargetLossLayer {
  /// The registered type.
  public static let type = LayerType(
    name: "adaptive",
    summary: "language-model output: adaptive softmax (Grave et al. 2017)",
    options: [
      OptionSpec(
        "cutoffs", .list, default: "2000,6000",
        help: "cluster boundaries: the head scores the tokens below cutoffs[0], tail cluster i those from "
          + "cutoffs[i] on; default sized for a 10,000-word vocabulary (PyTorch has no default)"),
      OptionSpec(
        "div_value", .float(positive: true), default: "4",
        help: "tail cluster i projects to in // div_value^(i+1) features (PyTorch's default 4.0)"),
      OptionSpec("head_bias", .bool, default: "no", help: "a bias on the head (PyTorch's head_bias, default False)"),
      OptionSpec(
        "out", .int(min: 2), default: "vocab",
        help: "output classes: the vocabulary size (n_classes of PyTorch's AdaptiveLogSoftmaxWithLoss)"),
    ]
  ) { options, shape, rng throws(LayerError) in
    let features = try shape.features(for: "adaptive")
    guard shape.isSequence else {
      throw LayerError(
        "input is one vector per text; 'adaptive' is a language model's output layer and needs the sequence "
          + "(remove the 'pool' before it)"
      )
    }
    guard let classes = options.int("out") else {
      throw LayerError("option 'out=' needs the vocabulary size: give out=N, or build the model with vocab=V")
    }
    let layout = try AdaptiveLayout(
      classes: classes, features: features, cutoffs: try options.setting("cutoffs"),
      divValue: try options.setting("div_value"), cutoffsGiven: options.has("cutoffs"))
    _ = try ParameterBudget.elements([layout.headSize, features + 1], option: "cutoffs")
    return AdaptiveSoftmaxLayer(
      input: shape, layout: layout, headBias: try options.setting("head_bias"), rng: &rng)
  }

  public let typeName = "adaptive"
  public let inputShape: FeatureShape
  public let outputShape: FeatureShape
  /// The clusters.
  let layout: AdaptiveLayout
  /// `head.weight`, `[shortlist + clusters, in]`.
  public let head: Parameter
  /// `head.bias`, `[shortlist + clusters]`, with `head_bias=yes`.
  public let headBias: Parameter?
  /// Per tail cluster: `tail.i.0.weight` `[hsz, in]` and `tail.i.1.weight` `[cluster size, hsz]`.
  public let tails: [(projection: Parameter, output: Parameter)]
  /// What the last forward or `targetLoss` left for backward.
  var pass: AdaptivePass?

  public var parameters: [(String, Parameter)] {
    var list = [("head.weight", head)]
    if let headBias { list.append(("head.bias", headBias)) }
    for (i, tail) in tails.enumerated() {
      list += [("tail.\(i).0.weight", tail.projection), ("tail.\(i).1.weight", tail.output)]
    }
    return list
  }

  /// A layer with PyTorch's `nn.Linear` initialisation: U(−1/√fan_in, 1/√fan_in) everywhere.
  init(input shape: FeatureShape, layout: AdaptiveLayout, headBias: Bool, rng: inout RNG) {
    let features = shape.width
    let bound = { (fanIn: Int) in 1 / Float(fanIn).squareRoot() }
    head = Affine.uniform([layout.headSize, features], bound(features), &rng)
    self.headBias = headBias ? Affine.uniform([layout.headSize], bound(features), &rng) : nil
    tails = layout.hidden.indices.map { i in
      let hsz = layout.hidden[i]
      let projection = Affine.uniform([hsz, features], bound(features), &rng)
      return (projection, Affine.uniform([layout.range(ofCluster: i).count, hsz], bound(hsz), &rng))
    }
    self.layout = layout
    inputShape = shape
    outputShape = .sequence(layout.classes)
  }

  public var lastLayerOnly: String? {
    "'adaptive' is a language model's output layer (one log-probability per vocabulary token); "
      + "it must be the last layer"
  }

  /// The full log-probabilities `[B, T, classes]` (zero at padded positions), as PyTorch's `log_prob`.
  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    let (features, classes, s) = (inputShape.width, layout.classes, layout.shortlist)
    let n = input.values.count / features
    let x = input.values.reshaped([n, features])
    var pass = AdaptivePass(x: x, positions: nil, inputShape: input.values.shape, lengths: input.lengths)
    pass.headLogProb = Self.logSoftmax(RowProducts.linear(x, head.value, bias: headBias?.value))
    var output = Tensor(shape: Array(input.values.shape.dropLast()) + [classes])
    output.withMutablePointer { out in
      pass.headLogProb.withPointer { h in
        for r in 0..<n { (out + r * classes).update(from: h + r * layout.headSize, count: s) }
      }
    }
    for (c, tail) in tails.enumerated() {
      let hidden = RowProducts.linear(x, tail.projection.value)
      let logProb = Self.logSoftmax(RowProducts.linear(hidden, tail.output.value))
      place(logProb, cluster: c, headLogProb: pass.headLogProb, into: &output)
      pass.clusters.append(AdaptivePass.Cluster(members: nil, x: x, hidden: hidden, logProb: logProb))
    }
    Activation.zeroPadding(&output, lengths: input.lengths)
    self.pass = pass
    return input.with(values: output)
  }

  /// Writes cluster `c`'s log-probabilities plus the head's log-probability of the cluster into
  /// the cluster's columns of every row.
  private func place(_ logProb: Tensor, cluster c: Int, headLogProb: Tensor, into output: inout Tensor) {
    let (range, classes, width) = (layout.range(ofCluster: c), layout.classes, layout.headSize)
    let column = layout.shortlist + c
    output.withMutablePointer { out in
      logProb.withPointer { lp in
        headLogProb.withPointer { h in
          for r in 0..<(logProb.count / range.count) {
            let (target, source) = (out + r * classes + range.lowerBound, lp + r * range.count)
            for k in 0..<range.count { target[k] = source[k] + h[r * width + column] }
          }
        }
      }
    }
  }

  /// Back-propagates a gradient with respect to the full log-probabilities.
  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard var pass, pass.positions == nil else {
      throw LayerError("adaptive: backward without a forward pass")
    }
    var g = gradOutput
    if !Activation.paddingIsZero(g, lengths: pass.lengths) { Activation.zeroPadding(&g, lengths: pass.lengths) }
    let (classes, s, width) = (layout.classes, layout.shortlist, layout.headSize)
    let n = pass.x.shape[0]
    var headGrad = Tensor(shape: [n, width])
    g.withPointer { pg in
      headGrad.withMutablePointer { dh in
        for r in 0..<n {
          (dh + r * width).update(from: pg + r * classes, count: s)
          for c in 0..<layout.clusters {
            let range = layout.range(ofCluster: c)
            var sum: Float = 0
            for k in range { sum += pg[r * classes + k] }
            dh[r * width + s + c] = sum
          }
        }
      }
    }
    pass.headGrad = Self.logSoftmaxBackward(headGrad, logProb: pass.headLogProb)
    for c in 0..<layout.clusters {
      let range = layout.range(ofCluster: c)
      var clusterGrad = Tensor(shape: [n, range.count])
      g.withPointer { pg in
        clusterGrad.withMutablePointer { dc in
          for r in 0..<n {
            (dc + r * range.count).update(from: pg + r * classes + range.lowerBound, count: range.count)
          }
        }
      }
      pass.clusters[c].grad = Self.logSoftmaxBackward(clusterGrad, logProb: pass.clusters[c].logProb)
    }
    self.pass = pass
    return backwardProducts(pass)
  }

  /// From the gradients with respect to the head's and the clusters' logits: accumulates every
  /// parameter gradient and returns the gradient with respect to the input, shaped like it.
  func backwardProducts(_ pass: AdaptivePass) -> Tensor {
    let features = inputShape.width
    var dx = RowProducts.backward(pass.headGrad, input: pass.x, weight: head)
    if let headBias { RowProducts.addColumnSums(pass.headGrad, into: headBias) }
    for (c, cluster) in pass.clusters.enumerated() where cluster.x.count > 0 {
      let dHidden = RowProducts.backward(cluster.grad, input: cluster.hidden, weight: tails[c].output)
      let dxc = RowProducts.backward(dHidden, input: cluster.x, weight: tails[c].projection)
      RowGather.scatterAdd(dxc, to: cluster.members ?? Array(0..<dxc.shape[0]), width: features, into: &dx)
    }
    guard let positions = pass.positions else { return dx.reshaped(pass.inputShape) }
    var full = Tensor(shape: pass.inputShape)
    RowGather.scatterAdd(dx, to: positions, width: features, into: &full)
    return full
  }

  /// The log-softmax of every row of a `[rows, width]` tensor.
  static func logSoftmax(_ logits: Tensor) -> Tensor {
    let width = logits.shape[1]
    var out = Tensor(shape: logits.shape)
    logits.withPointer { x in
      out.withMutablePointer { y in
        for r in 0..<(logits.count / width) { tk_log_softmax_row(x + r * width, width, y + r * width) }
      }
    }
    return out
  }

  /// Back through a row-wise log-softmax: `g − softmax · Σ g`, with softmax = e^logProb.
  static func logSoftmaxBackward(_ g: Tensor, logProb: Tensor) -> Tensor {
    let width = g.shape[1]
    var out = g
    out.withMutablePointer { y in
      logProb.withPointer { lp in
        for r in 0..<(g.count / width) {
          let (row, p) = (y + r * width, lp + r * width)
          var sum: Float = 0
          for j in 0..<width { sum += row[j] }
          for j in 0..<width { row[j] -= expf(p[j]) * sum }
        }
      }
    }
    return out
  }
}
