import LayerKit
import TensorCore

/// The values of a set of parameters before the latest optimizer step, kept in buffers that are
/// allocated once and overwritten at every capture, so that undoing a step that diverged costs one
/// copy per step and no allocation (a `WeightSnapshot` taken per step made the optimizer's next
/// write allocate and fault in a fresh copy of every parameter).
final class WeightBackup {
  private var parameters: [Parameter] = []
  private var values: [Tensor] = []

  /// Copies the current values of `parameters` into the buffers (reallocating only when the set of
  /// parameters or their sizes changed since the last capture), each large one in `threads` parts
  /// at once.
  func capture(_ parameters: [Parameter], threads: Int = 1) {
    let same =
      parameters.count == self.parameters.count
      && zip(parameters, self.parameters).allSatisfy { $0 === $1 }
      && zip(parameters, values).allSatisfy { $0.value.shape == $1.shape }
    guard same else {
      self.parameters = parameters
      values = parameters.map { p in
        Tensor(shape: p.value.shape, data: p.value.data.withUnsafeBufferPointer { Array($0) })
      }
      return
    }
    for i in parameters.indices {
      parameters[i].value.data.withUnsafeBufferPointer { source in
        values[i].data.withUnsafeMutableBufferPointer { target in
          guard let from = source.baseAddress, let to = target.baseAddress else { return }
          ElementwiseSplit.run(count: source.count, threads: threads) { r in
            (to + r.lowerBound).update(from: from + r.lowerBound, count: r.count)
          }
        }
      }
    }
  }

  /// Puts the captured values back.
  func restore() {
    for (p, v) in zip(parameters, values) { p.value = v }
  }
}
