import LayerKit
import TensorCore
import TensorKernels

/// Training: the loss of given targets from the head plus only the tail clusters they fall in,
/// as PyTorch's `AdaptiveLogSoftmaxWithLoss.forward` computes it, and the exact arg-max count.
extension AdaptiveSoftmaxLayer {
  /// One scored row's figures: its loss so far, the head's log-normaliser and arg-max, and
  /// whether some token already beats its target.
  struct ScoredRow {
    var target: Int
    var loss: Double
    var logNormaliser: Double
    var headArgmax: Int
    var beaten = false
  }

  public func targetLoss(_ input: Activation, rows: [(row: Int, target: Int32)], context: LayerContext) throws
    -> TargetLoss
  {
    let (features, width) = (inputShape.width, layout.headSize)
    if let bad = rows.first(where: { $0.target < 0 || Int($0.target) >= layout.classes }) {
      throw LayerError("adaptive: target \(bad.target) is outside its \(layout.classes) classes")
    }
    let n = rows.count
    let scale = 1 / Float(max(n, 1))
    let positions = rows.map(\.row)
    let x = RowGather.gather(input.values, rows: positions, width: features)
    let logits = RowProducts.linear(x, head.value, bias: headBias?.value)
    var pass = AdaptivePass(x: x, positions: positions, inputShape: input.values.shape, lengths: input.lengths)
    pass.headGrad = Tensor(shape: [n, width])
    var scored: [ScoredRow] = []
    scored.reserveCapacity(n)
    var members = [[Int]](repeating: [], count: layout.clusters)
    logits.withPointer { h in
      pass.headGrad.withMutablePointer { g in
        for (i, row) in rows.enumerated() {
          let target = Int(row.target)
          let cluster = layout.cluster(of: target)
          if let cluster { members[cluster].append(i) }
          let column = cluster.map { layout.shortlist + $0 } ?? target
          var arg = 0
          let loss = tk_cross_entropy_row(h + i * width, width, column, scale, g + i * width, &arg)
          scored.append(
            ScoredRow(target: target, loss: loss, logNormaliser: loss + Double(h[i * width + column]), headArgmax: arg))
        }
      }
    }
    for c in 0..<layout.clusters {
      pass.clusters.append(scoreCluster(c, members: members[c], x: x, scale: scale, &scored))
    }
    self.pass = pass
    let loss = scored.reduce(0) { $0 + $1.loss } / Double(max(n, 1))
    return TargetLoss(loss: loss, correct: countCorrect(&scored, logits: logits, x: x))
  }

  public func backwardTargetLoss(context: LayerContext) throws -> Tensor {
    guard let pass, pass.positions != nil else { throw LayerError("adaptive: backward without a scored batch") }
    return backwardProducts(pass)
  }

  /// Runs tail cluster `c` on the rows whose targets it holds: adds their cluster loss, fills the
  /// gradient with respect to its logits, and marks rows whose target is not the cluster's arg-max.
  private func scoreCluster(_ c: Int, members: [Int], x: Tensor, scale: Float, _ scored: inout [ScoredRow])
    -> AdaptivePass.Cluster
  {
    let range = layout.range(ofCluster: c)
    let (features, start, size) = (inputShape.width, range.lowerBound, range.count)
    let xc = RowGather.gather(x, rows: members, width: features)
    let hidden = RowProducts.linear(xc, tails[c].projection.value)
    let logits = RowProducts.linear(hidden, tails[c].output.value)
    var grad = Tensor(shape: [members.count, size])
    logits.withPointer { l in
      grad.withMutablePointer { g in
        for (k, i) in members.enumerated() {
          var arg = 0
          let relative = scored[i].target - start
          scored[i].loss += tk_cross_entropy_row(l + k * size, size, relative, scale, g + k * size, &arg)
          // The first largest logit of the cluster is another token: it beats the target.
          if arg != relative { scored[i].beaten = true }
        }
      }
    }
    return AdaptivePass.Cluster(members: members, x: xc, hidden: hidden, grad: grad)
  }

  /// How many targets are the arg-max (first largest) of the full log-probabilities, computed
  /// without them: a row's target log-probability is known, a shortlist token is checked from the
  /// head, and a tail cluster is run for a row only when its head log-probability (an upper bound
  /// on its tokens') reaches the target's and nothing else has beaten it yet.
  private func countCorrect(_ scored: inout [ScoredRow], logits: Tensor, x: Tensor) -> Int {
    let (width, s) = (layout.headSize, layout.shortlist)
    var pending = [[Int]](repeating: [], count: layout.clusters)
    logits.withPointer { h in
      for i in scored.indices where !scored[i].beaten {
        let row = scored[i]
        let (base, target) = (h + i * width, row.target)
        if target < s && row.headArgmax == target { continue }  // the head's best beats every cluster's tokens
        if row.headArgmax < s {
          scored[i].beaten = true
          continue
        }
        let logProb = -row.loss
        for j in 0..<s where j != target {
          let lp = Double(base[j]) - row.logNormaliser
          if lp > logProb || (lp == logProb && j < target) {
            scored[i].beaten = true
            break
          }
        }
        if scored[i].beaten { continue }
        for c in 0..<layout.clusters where layout.cluster(of: target) != c {
          if Double(base[s + c]) - row.logNormaliser >= logProb { pending[c].append(i) }
        }
      }
    }
    for c in 0..<layout.clusters where !pending[c].isEmpty {
      checkCluster(c, rows: pending[c].filter { !scored[$0].beaten }, logits: logits, x: x, &scored)
    }
    return scored.count(where: { !$0.beaten })
  }

  /// Marks the `rows` whose target some token of cluster `c` beats (forward only).
  private func checkCluster(_ c: Int, rows: [Int], logits: Tensor, x: Tensor, _ scored: inout [ScoredRow]) {
    let (features, range, column) = (inputShape.width, layout.range(ofCluster: c), layout.shortlist + c)
    let hidden = RowProducts.linear(RowGather.gather(x, rows: rows, width: features), tails[c].projection.value)
    let logProb = Self.logSoftmax(RowProducts.linear(hidden, tails[c].output.value))
    logProb.withPointer { lp in
      for (k, i) in rows.enumerated() {
        let row = lp + k * range.count
        var best = 0
        for j in 1..<range.count where row[j] > row[best] { best = j }
        let head = Double(logits.data[i * layout.headSize + column]) - scored[i].logNormaliser
        let (competitor, own) = (head + Double(row[best]), -scored[i].loss)
        if competitor > own || (competitor == own && range.lowerBound + best < scored[i].target) {
          scored[i].beaten = true
        }
      }
    }
  }
}
