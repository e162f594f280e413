import BuiltinLayers
import Dispatch
import LayerKit
import TensorCore
import Training

/// One measured configuration at a thread count: the networks, the data and the two figures.
///
/// With two threads the batch is split in halves, each run forward and backward by its own replica
/// of the network (same weights, own buffers and gradients) on its own thread; the gradients are
/// then averaged into replica 0, Adam (the Training module's, lr 1e-3) updates it, and the other
/// replica shares the new values (copy-on-write, so nothing is copied). The loss is the Training
/// module's softmax cross-entropy.
final class LstmRun {
  let config: LstmBenchConfig
  let threads: Int
  let plan: TimingPlan
  private let replicas: [Network]
  /// `inputs[replica][batch]`.
  private var inputs: [[Activation]] = []
  /// `targets[replica][batch]`: a label per example, or the next token per position (LM).
  private var targets: [[[Int32]]] = []
  private let optimizer = Optimizer(settings: OptimizerSettings(kind: .adam))
  private var firstLoss: Double?
  private var lastLoss = 0.0
  /// Each replica's buffers kept from step to step.
  private let buffers: [ReplicaBuffers]
  /// Time per phase of each training step: zero-grad + forward, loss, backward (replica 0), waiting
  /// for the other replicas, gradient averaging + Adam.
  private var phases: [[Duration]] = []

  init(config: LstmBenchConfig, threads: Int, plan: TimingPlan) throws {
    self.config = config
    self.threads = threads
    self.plan = plan
    buffers = (0..<threads).map { _ in ReplicaBuffers() }
    let registry = LayerRegistry(BuiltinLayers.all)
    replicas = try (0..<threads).map { _ in
      try Network(spec: config.spec, registry: registry, input: .tokens(vocabulary: config.vocab), seed: 1234)
    }
    makeData()
  }

  /// Random ids in 1..<vocab (no padding, every sequence full length) from a fixed seed, split by replica.
  private func makeData() {
    var rng = RNG(seed: 1234)
    let (b, t) = (config.batch, config.seq)
    let share = b / threads
    inputs = Array(repeating: [], count: threads)
    targets = Array(repeating: [], count: threads)
    let draw = TokenDraw(vocabulary: config.vocab, zipf: config.zipf)
    for _ in 0..<plan.batches {
      let ids = (0..<(b * (t + 1))).map { _ in draw.next(&rng) }
      let labels = (0..<b).map { _ in Int32(rng.below(2)) }
      for r in 0..<threads {
        let rows = (r * share)..<((r + 1) * share)
        var x: [Int32] = []
        var y: [Int32] = []
        for row in rows {
          x += ids[(row * (t + 1))..<(row * (t + 1) + t)]
          y += config.lm ? Array(ids[(row * (t + 1) + 1)..<((row + 1) * (t + 1))]) : [labels[row]]
        }
        inputs[r].append(Activation(tokens: x, batch: share, time: t, lengths: Array(repeating: t, count: share)))
        targets[r].append(y)
      }
    }
  }

  /// Warm-up, timed training blocks, warm-up, timed inference blocks; prints two JSON lines.
  func measure() throws {
    for i in 0..<plan.warmup { try trainStep(i) }
    let train = RateSummary(rates: try plan.blocks(perBlock: plan.steps, unitsPerCall: config.tokensPerStep, trainStep))
    report("train_tok_s", train, flopsPerToken: 3 * config.forwardFlopsPerToken)
    for i in 0..<plan.warmup { try inferStep(i) }
    let infer = RateSummary(
      rates: try plan.blocks(perBlock: plan.inferSteps, unitsPerCall: config.tokensPerStep, inferStep))
    report("infer_tok_s", infer, flopsPerToken: config.forwardFlopsPerToken)
  }

  private func report(_ figure: String, _ summary: RateSummary, flopsPerToken: Int) {
    let gflops = Double(flopsPerToken) * summary.median / 1e9
    let loss = figure == "train_tok_s" ? ",\"loss_first_last\":[\(firstLoss ?? 0),\(lastLoss)],\(phaseJSON)" : ""
    print(
      "{\"bench\":\"lstm\",\"figure\":\"\(figure)\",\"config\":\"\(config.name)\",\"mode\":\"\(config.lm ? "lm" : "classifier")\","
        + "\"shape\":\(config.json),\"threads\":\(threads),\"isa\":\"\(BLAS.instructionSet)\",\(summary.json),"
        + "\"ms_per_step_median\":\(round1(1000 * Double(config.tokensPerStep) / summary.median)),"
        + "\"gflops_median\":\(round1(gflops))\(loss),\"peak_rss_mib\":\(round1(peakResidentMiB()))}")
  }

  /// `"phases_ms":{"forward":…,"loss":…,"backward":…,"update":…}`: median milliseconds per step.
  private var phaseJSON: String {
    let names = ["forward", "loss", "backward", "wait", "update"]
    let medians = names.indices.map { i in RateSummary(rates: phases.map { $0[i].seconds * 1000 }).median }
    return "\"phases_ms\":{"
      + zip(names, medians).map { "\"\($0)\":\(($1 * 100).rounded() / 100)" }.joined(separator: ",") + "}"
  }

  /// Forward, loss, backward on every replica in parallel, then the reduction and one Adam step.
  func trainStep(_ i: Int) throws {
    let k = i % plan.batches
    let marks = UnsafeMutablePointer<ContinuousClock.Instant>.allocate(capacity: 4)
    marks.initialize(repeating: .now, count: 4)
    defer { marks.deallocate() }
    let shared = UncheckedSendable(marks)
    let losses = try parallel { r in
      try self.forwardBackward(replica: r, batch: k, marks: r == 0 ? shared.value : nil)
    }
    let loss = losses.reduce(0, +) / Double(threads)
    if firstLoss == nil { firstLoss = loss }
    lastLoss = loss
    let joined = ContinuousClock.now
    let parameters = replicas.map(\.trainableParameters)
    for r in 1..<max(threads, 1) {
      for ((_, main), (_, other)) in zip(parameters[0], parameters[r]) {
        main.grad.average(with: other.grad, threads: threads)
        other.value = Tensor(shape: [0])
      }
    }
    optimizer.step(
      parameters[0].map(\.1), rates: Array(repeating: 1e-3, count: parameters[0].count), threads: threads)
    for r in 1..<max(threads, 1) {
      for ((_, main), (_, other)) in zip(parameters[0], parameters[r]) { other.value = main.value }
    }
    let end = ContinuousClock.now
    phases.append([marks[1] - marks[0], marks[2] - marks[1], marks[3] - marks[2], joined - marks[3], end - joined])
  }

  /// One replica's share of a training step; returns its part of the mean loss.
  /// `marks` (replica 0 only) receives the start and the ends of forward, loss and backward.
  private func forwardBackward(
    replica r: Int, batch k: Int, marks: UnsafeMutablePointer<ContinuousClock.Instant>?
  ) throws -> Double {
    let network = replicas[r]
    marks?[0] = .now
    network.zeroGrad()
    let context = LayerContext(training: true, seed: 7)
    if config.lm, let head = network.layers.last?.layer as? any TargetLossLayer {
      return try adaptiveStep(
        network, head, input: inputs[r][k], targets: targets[r][k], context: context, marks: marks)
    }
    let output = try network.forward(inputs[r][k], context: context)
    marks?[1] = .now
    let spare = buffers[r].spareGradient.take()
    let result =
      config.lm
      ? Loss.sequenceCrossEntropy(
        logits: output.values, targets: targets[r][k], lengths: inputs[r][k].lengths, reusing: spare)
      : Loss.softmaxCrossEntropy(logits: output.values, labels: targets[r][k], reusing: spare)
    marks?[2] = .now
    try network.backward(result.gradient, context: context)
    marks?[3] = .now
    buffers[r].spareGradient = result.gradient
    return result.loss
  }

  /// Forward to the head, the head's loss on the targets (only the clusters they fall in), backward:
  /// the training step of an LM whose last layer scores targets itself (the adaptive softmax).
  private func adaptiveStep(
    _ network: Network, _ head: any TargetLossLayer, input: Activation, targets: [Int32], context: LayerContext,
    marks: UnsafeMutablePointer<ContinuousClock.Instant>?
  ) throws -> Double {
    let last = network.layers.count - 1
    let hidden = try network.forward(input, context: context, upTo: last)
    marks?[1] = .now
    let scored = try head.targetLoss(
      hidden, rows: Loss.countedRows(targets: targets, lengths: hidden.lengths), context: context)
    let gradient = try head.backwardTargetLoss(context: context)
    marks?[2] = .now
    try network.backward(gradient, context: context, from: last)
    marks?[3] = .now
    return scored.loss
  }

  /// One inference forward per replica (in parallel); the LM also normalises with log-softmax.
  func inferStep(_ i: Int) throws {
    let k = i % plan.batches
    _ = try parallel { r in
      let logits = try self.replicas[r].forward(self.inputs[r][k], context: LayerContext(training: false)).values
      if self.config.lm && self.config.cutoffs.isEmpty {
        LogSoftmax.apply(logits, into: &self.buffers[r].logProbabilities)
      }
      return 0
    }
  }

  /// Runs `body(r)` for every replica, on its own thread when there are several.
  private func parallel(_ body: (Int) throws -> Double) throws -> [Double] {
    if threads == 1 { return [try body(0)] }
    var results = [Result<Double, any Error>](repeating: .success(0), count: threads)
    results.withUnsafeMutableBufferPointer { slots in
      let unsafeSlots = UncheckedSendable(slots)
      withoutActuallyEscaping(body) { work in
        let shared = UncheckedSendable(work)
        DispatchQueue.concurrentPerform(iterations: threads) { r in
          unsafeSlots.value[r] = Result { try shared.value(r) }
        }
      }
    }
    return try results.map { try $0.get() }
  }
}

/// One replica's buffers reused from step to step, touched only by that replica's thread.
final class ReplicaBuffers {
  /// The last loss gradient, whose storage the next step reuses (as the Trainer does).
  var spareGradient: Tensor?
  /// The log-probabilities of LM inference.
  var logProbabilities = Tensor(shape: [0])
}

extension Tensor {
  /// Replaces each element by the mean of it and the same element of `other` (same count), cut
  /// across `threads` threads.
  mutating func average(with other: Tensor, threads: Int) {
    other.data.withUnsafeBufferPointer { o in
      data.withUnsafeMutableBufferPointer { d in
        ElementwiseSplit.run(count: min(d.count, o.count), threads: threads) { range in
          for i in range { d[i] = 0.5 * (d[i] + o[i]) }
        }
      }
    }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Token ids for the benchmark batches: uniform over 1..<vocabulary, or Zipf-distributed
/// (P(id) ∝ 1/id, id 1 the most frequent) like a frequency-sorted vocabulary of real text.
struct TokenDraw {
  /// Cumulative probabilities of ids 1…vocabulary−1 (empty: uniform).
  private let cumulative: [Double]
  private let vocabulary: Int

  init(vocabulary: Int, zipf: Bool) {
    self.vocabulary = vocabulary
    guard zipf else {
      cumulative = []
      return
    }
    var sum = 0.0
    let weights = (1..<vocabulary).map { id -> Double in
      sum += 1 / Double(id)
      return sum
    }
    cumulative = weights.map { $0 / sum }
  }

  /// The next id.
  func next(_ rng: inout RNG) -> Int32 {
    if cumulative.isEmpty { return Int32(1 + rng.below(vocabulary - 1)) }
    let u = Double(rng.uniform(0, 1))
    var (low, high) = (0, cumulative.count - 1)
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] < u { low = mid + 1 } else { high = mid }
    }
    return Int32(low + 1)
  }
}
