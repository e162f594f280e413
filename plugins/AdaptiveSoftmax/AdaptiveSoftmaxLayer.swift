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
  /// The last forward's output, whose storage the next forward reuses.
  private var output = Tensor(shape: [0])

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
  ///
  /// Every product writes straight into its columns of the output, which is then normalised in
  /// place row by row: the head's log-softmax over its `shortlist + clusters` columns (the cluster
  /// columns are kept aside before the tail clusters overwrite them), then each cluster's
  /// log-softmax plus the head's log-probability of the cluster. The output's storage is kept from
  /// call to call (it is free again once the caller has dropped the previous output).
  public func forward(_ input: Activation, context: LayerContext) throws -> Activation {
    let (features, classes, width, clusters) = (inputShape.width, layout.classes, layout.headSize, layout.clusters)
    let n = input.values.count / features
    let x = input.values.reshaped([n, features])
    output.resizeForOverwrite(to: Array(input.values.shape.dropLast()) + [classes])  // every element is written
    var clusterLogProb = Tensor(uninitializedShape: [n, clusters])
    x.withPointer { px in
      output.withMutablePointer { out in
        RowProducts.linear(px, rows: n, head.value, bias: headBias?.value, into: out, ldc: classes)
        tk_log_softmax_rows(n, width, out, classes, nil, 0)
        clusterLogProb.withMutablePointer { h in
          for r in 0..<n { (h + r * clusters).update(from: out + r * classes + layout.shortlist, count: clusters) }
        }
        for (c, tail) in tails.enumerated() {
          let (range, hidden) = (layout.range(ofCluster: c), RowProducts.linear(x, tail.projection.value))
          let columns = out + range.lowerBound
          hidden.withPointer { RowProducts.linear($0, rows: n, tail.output.value, into: columns, ldc: classes) }
          clusterLogProb.withPointer { h in tk_log_softmax_rows(n, range.count, columns, classes, h + c, clusters) }
        }
      }
    }
    Activation.zeroPadding(&output, lengths: input.lengths)
    pass = AdaptivePass(x: x, positions: nil, inputShape: input.values.shape, lengths: input.lengths)
    return input.with(values: output)
  }

  /// The head's and every tail cluster's log-probabilities of the rows of `pass.x`, which the
  /// backward pass of `forward` needs (recomputed there: `forward` writes them only into its output).
  private func logProbabilities(_ pass: AdaptivePass) -> AdaptivePass {
    var pass = pass
    pass.headLogProb = Self.logSoftmax(RowProducts.linear(pass.x, head.value, bias: headBias?.value))
    pass.clusters = tails.map { tail in
      let hidden = RowProducts.linear(pass.x, tail.projection.value)
      let logProb = Self.logSoftmax(RowProducts.linear(hidden, tail.output.value))
      return AdaptivePass.Cluster(members: nil, x: pass.x, hidden: hidden, logProb: logProb)
    }
    return pass
  }

  /// Back-propagates a gradient with respect to the full log-probabilities.
  public func backward(_ gradOutput: Tensor, context: LayerContext) throws -> Tensor {
    guard let forwardPass = pass, forwardPass.positions == nil else {
      throw LayerError("adaptive: backward without a forward pass")
    }
    var pass = logProbabilities(forwardPass)
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
