import Dispatch
import LayerKit
import TensorCore

/// Two-way data parallelism for `train threads=2`: each batch is cut into two halves by rows, each
/// half runs forward and backward on its own copy of the network on its own thread, and the two
/// gradients are added into the model's in a fixed order, weighted by the rows each half's loss
/// counted. Runs with threads=2 are reproducible bit for bit; they differ from threads=1 in the last
/// bits, since one thread sums the whole batch in one chain.
final class DataParallel {
  /// The model's network (half 0) and its copy (half 1).
  private let networks: [Network]
  /// Each half's last loss gradient, reused by its next step.
  private let spares = [SpareGradient(), SpareGradient()]

  /// Nil unless `threads` > 1 and every layer is built in (a run-time plugin is not assumed to be
  /// safe to run on two threads at once).
  init?(network: Network, threads: Int) throws {
    guard threads > 1, network.builtInOnly else { return nil }
    networks = [network, try network.copy(registry: network.registry)]
  }

  /// Forward, loss and backward of `batch` (at least two examples) on both halves; leaves the
  /// batch's gradient in the model's trainable parameters and returns the batch's loss. A half whose
  /// loss is not finite skips backward, and the returned loss is then not finite either.
  func step(_ batch: StepBatch, task: TrainingTask, seeds: (UInt64, UInt64)) throws -> LossResult {
    let halves = batch.halves(task: task)
    shareWeights()
    let results = try inParallel { i in
      let network = self.networks[i]
      network.zeroGrad()
      let context = LayerContext(training: true, seed: i == 0 ? seeds.0 : seeds.1)
      let result = try Trainer.trainingStep(
        network, halves[i], task: task, context: context, reusing: self.spares[i].tensor.take())
      self.spares[i].tensor = result.gradient
      return result
    }
    let total = results[0].count + results[1].count
    let weights = results.map { Double($0.count) / Double(max(total, 1)) }
    addGradients(Float(weights[0]), Float(weights[1]))
    releaseWeights()
    return LossResult(
      loss: weights[0] * results[0].loss + weights[1] * results[1].loss, count: total,
      correct: results[0].correct + results[1].correct, gradient: Tensor(shape: [0]))
  }

  /// Both halves carry their recurrent state into their next step (each half always gets the same
  /// rows of a batch, so the state of each stream stays with its rows).
  func carryState() {
    for network in networks { network.carryState() }
  }

  /// Both halves start their next step from zeros.
  func resetState() {
    for network in networks { network.resetState() }
  }

  /// The copy shares the model's current values (copy-on-write, nothing is copied) and frozen flags.
  private func shareWeights() {
    for ((_, model), (_, copy)) in zip(networks[0].parameters, networks[1].parameters) {
      copy.value = model.value
      copy.frozen = model.frozen
    }
  }

  /// Drops the copy's references, so that the optimizer updates the model's values in place.
  private func releaseWeights() {
    for (_, copy) in networks[1].parameters { copy.value = Tensor(shape: [0]) }
  }

  /// grad = w0·grad + w1·(the copy's grad) for every trainable parameter, on both threads.
  private func addGradients(_ w0: Float, _ w1: Float) {
    for ((_, model), (_, copy)) in zip(networks[0].parameters, networks[1].parameters) where !model.frozen {
      let count = model.grad.count
      copy.grad.withPointer { g1 in
        model.grad.withMutablePointer { g0 in
          ElementwiseSplit.run(count: count, threads: 2) { range in
            for j in range { g0[j] = w0 * g0[j] + w1 * g1[j] }
          }
        }
      }
    }
  }

  /// Runs `body(0)` and `body(1)` on two threads; returns both results in order.
  private func inParallel(_ body: (Int) throws -> LossResult) throws -> [LossResult] {
    let slots = UnsafeMutablePointer<Result<LossResult, any Error>>.allocate(capacity: 2)
    slots.initialize(repeating: .failure(TrainingError("a parallel half did not run")), count: 2)
    defer { slots.deinitialize(count: 2).deallocate() }
    withoutActuallyEscaping(body) { work in
      let shared = UncheckedSendable((work, slots))
      DispatchQueue.concurrentPerform(iterations: 2) { i in shared.value.1[i] = Result { try shared.value.0(i) } }
    }
    return try (0..<2).map { try slots[$0].get() }
  }
}

/// A loss gradient kept from one step to the next by one half.
private final class SpareGradient {
  var tensor: Tensor?
}

extension StepBatch {
  /// The first ⌈b/2⌉ examples and the rest, with their targets (needs b ≥ 2).
  func halves(task: TrainingTask) -> [StepBatch] {
    let (b, t) = (input.batch, input.time)
    let cut = (b + 1) / 2
    return [0..<cut, cut..<b].map { rows in
      let lengths = Array(input.lengths[rows])
      let perRow = task.perToken ? t : 1
      return StepBatch(
        input: Activation(
          tokens: Array(input.tokens[(rows.lowerBound * t)..<(rows.upperBound * t)]), batch: rows.count, time: t,
          lengths: lengths),
        targets: Array(targets[(rows.lowerBound * perRow)..<(rows.upperBound * perRow)]),
        tokens: lengths.reduce(0, +), indices: indices.isEmpty ? [] : Array(indices[rows]))
    }
  }
}
