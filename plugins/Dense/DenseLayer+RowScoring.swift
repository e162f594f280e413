import LayerKit
import TensorCore

/// The rows a dense layer scored in `targetLoss`: their inputs, outputs and loss gradient.
struct ScoredRows {
  var x: Tensor
  var output: Tensor
  var gradient: Tensor
  var positions: [Int]
  var inputShape: [Int]
}

/// A dense decoder that scores only the positions with targets (the masked positions of a masked
/// language model): those rows are gathered first, so the product with the `[vocabulary, width]`
/// weight runs on about 15 % of the positions. Each output is the same chain of fused
/// multiply-adds as in `forward`, and the softmax cross-entropy is the same kernel as `Loss`'s, so
/// the loss and gradients are the numbers the full output would give.
extension DenseLayer {
  public func targetLoss(_ input: Activation, rows: [(row: Int, target: Int32)], context: LayerContext) throws
    -> TargetLoss
  {
    let width = outputShape.width
    if let bad = rows.first(where: { $0.target < 0 || Int($0.target) >= width }) {
      throw LayerError("dense: target \(bad.target) is outside its \(width) outputs")
    }
    let positions = rows.map(\.row)
    let x = RowGather.gather(input.values, rows: positions, width: inputShape.width)
    var output = Tensor(shape: [rows.count, width])
    Affine.forward(x, weight: weight, bias: bias, into: &output)
    activation.apply(&output)
    var gradient = Tensor(shape: output.shape)
    let scale = Float(1) / Float(max(rows.count, 1))
    let gathered = rows.enumerated().map { (row: $0.offset, target: $0.element.target) }
    let (total, correct) = CrossEntropyRows.accumulate(
      output, width: width, rows: gathered, scale: scale, into: &gradient)
    scored = ScoredRows(x: x, output: output, gradient: gradient, positions: positions, inputShape: input.values.shape)
    return TargetLoss(loss: total / Double(max(rows.count, 1)), correct: correct)
  }

  public func backwardTargetLoss(context: LayerContext) throws -> Tensor {
    guard let pass = scored else { throw LayerError("dense: backward without a scored batch") }
    scored = nil
    var g = pass.gradient
    activation.backward(&g, output: pass.output)
    let dx = Affine.backward(g, input: pass.x, weight: weight, bias: bias)
    var full = Tensor(shape: pass.inputShape)
    RowGather.scatterAdd(dx, to: pass.positions, width: inputShape.width, into: &full)
    return full
  }
}
