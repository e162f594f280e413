import Dispatch
import LayerKit
import Metrics
import Synchronization
import TensorCore
import TextData

/// A learning curve: every arm (a classifier whose current weights are the starting point) trained
/// on stratified samples of several sizes with several seeds, each run scored on one test set.
///
/// Job (arm, size, seed): the sample of `size` examples drawn from `train` with `seed` (the same
/// sample for every arm), a copy of the arm trained on it with `settings` and `seed`, its accuracy on
/// `test`. The arms are never changed. Jobs are independent and each runs on one thread, so running
/// them on `threads` threads gives the same numbers, bit for bit, as running them one by one.
public struct LearningCurve {
  /// The arms: names and models.
  public var arms: [(name: String, model: TextModel)]
  /// The labeled pool the samples are drawn from, and its name.
  public var train: (name: String, data: Dataset)
  /// The test set every run is scored on, and its name.
  public var test: (name: String, data: Dataset)
  /// Label counts, increasing.
  public var sizes: [Int]
  /// Seeds of the samples and of the training runs.
  public var seeds: [Int]
  /// The training recipe (its seed and threads are set per job).
  public var settings: TrainingSettings
  /// Arms trained with their own recipe instead of `settings`, by arm name (e.g. a classifier on a
  /// pretrained language model's encoder, which gets ULMFiT's fine-tuning defaults).
  public var armSettings: [String: TrainingSettings] = [:]

  /// A curve; `check()` validates it, `run` computes it.
  public init(
    arms: [(name: String, model: TextModel)], train: (name: String, data: Dataset),
    test: (name: String, data: Dataset), sizes: [Int], seeds: [Int], settings: TrainingSettings
  ) {
    self.arms = arms
    self.train = train
    self.test = test
    self.sizes = sizes
    self.seeds = seeds
    self.settings = settings
  }

  /// One finished job, reported in job order.
  public struct Job: Sendable {
    /// Its position in the run (0-based) and the number of jobs.
    public var index: Int, count: Int
    /// The arm's name, the label count and the seed.
    public var arm: String, size: Int, seed: Int
    /// Test accuracy of the trained copy.
    public var accuracy: Double
  }

  /// Checks that every arm can be trained on `train` and scored on `test` and that every size can
  /// be drawn stratified; throws a one-line `TrainingError` naming what is wrong.
  public func check() throws {
    for (name, model) in arms {
      _ = try ModelChecks.vocabulary(of: model, name: name)
      let labels = try ModelChecks.labels(of: model, name: name, for: train.data, datasetName: train.name)
      _ = try ModelChecks.labels(
        of: TextModel.labelled(model, labels.names), name: name, for: test.data, datasetName: test.name)
    }
    let classes = train.data.labelNames.count
    for size in sizes {
      if size > train.data.count {
        throw TrainingError(
          "option 'sizes=': \(size) is larger than dataset '\(train.name)' (\(train.data.count) examples); use sizes up to \(train.data.count)"
        )
      }
      let sample = try train.data.sample(n: size, seed: 1)
      if Set(sample.examples.compactMap(\.label)).count < classes {
        throw TrainingError(
          "option 'sizes=': a stratified sample of \(size) from '\(train.name)' cannot hold all \(classes) labels; use larger sizes"
        )
      }
    }
  }

  /// Runs every job on `threads` threads (one when an arm has a run-time plugin layer), reporting
  /// each finished job in job order; stops at the next job boundary when `cancellation` is raised
  /// (throwing `CancelledError`) and on the first failing job (throwing its error).
  public func run(threads: Int, cancellation: CancellationToken?, onJob: @escaping (Job) -> Void) throws
    -> [[[Double]]]
  {
    let samples = try sizes.map { size in try seeds.map { try train.data.sample(n: size, seed: UInt64($0)) } }
    let plan = jobs
    let pool = JobPool(count: plan.count)
    let workers = arms.allSatisfy { $0.model.network.builtInOnly } ? max(1, min(threads, plan.count)) : 1
    let shared = UncheckedSendable(CurveRun(curve: self, samples: samples, plan: plan, report: onJob))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      let run = shared.value
      while let i = pool.next(cancelled: cancellation?.isCancelled == true) {
        let (a, s, k) = run.plan[i]
        let outcome = Result {
          try run.curve.runJob(arm: a, sample: run.samples[s][k], seed: run.curve.seeds[k], pool: pool)
        }
        pool.finish(i, outcome) { j, accuracy in run.report(j, accuracy) }
      }
    }
    let results = try pool.results()
    var grid = arms.map { _ in sizes.map { _ in seeds.map { _ in 0.0 } } }
    for (i, (a, s, k)) in plan.enumerated() { grid[a][s][k] = results[i] }
    return grid
  }

  /// The jobs as (arm, size, seed) indices: by size, then seed, then arm.
  var jobs: [(Int, Int, Int)] {
    sizes.indices.flatMap { s in seeds.indices.flatMap { k in arms.indices.map { a in (a, s, k) } } }
  }

  /// Copies arm `a` (under the pool's lock: copying reads the arm's registry), trains the copy on
  /// `sample` with `seed` on this thread, and returns its test accuracy.
  private func runJob(arm a: Int, sample: Dataset, seed: Int, pool: JobPool) throws -> Double {
    let (name, original) = arms[a]
    let network = try pool.serialized { try original.network.copy(registry: original.network.registry) }
    let copy = TextModel(network: network, vocabulary: original.vocabulary, seed: original.seed)
    copy.labelNames = original.labelNames
    var jobSettings = armSettings[name] ?? settings
    jobSettings.seed = UInt64(seed)
    jobSettings.threads = 1
    let trainer = Trainer(model: copy, name: name, settings: jobSettings)
    _ = try trainer.run(train: sample, trainName: "\(train.name) (n=\(sample.count), seed=\(seed))")
    return try Evaluator.evaluate(
      copy, name: name, on: test.data, datasetName: test.name, maxlen: jobSettings.maxlen
    ).evaluation.accuracy
  }
}

/// The shared state of a curve's worker threads: the next job to start, the finished results, and
/// the next job to report (so reports come in job order whatever the threads' timing).
private final class JobPool: Sendable {
  private struct State {
    var next = 0
    var stopped = false
    var cancelled = false
    var reported = 0
    var results: [Result<Double, any Error>?]
  }
  private let state: Mutex<State>
  private let copying = Mutex(())

  init(count: Int) { state = Mutex(State(results: Array(repeating: nil, count: count))) }

  /// The next job to run, or nil when all have started, one failed, or `cancelled`.
  func next(cancelled: Bool) -> Int? {
    state.withLock { s in
      if cancelled { s.cancelled = true }
      guard !s.stopped, !s.cancelled, s.next < s.results.count else { return nil }
      defer { s.next += 1 }
      return s.next
    }
  }

  /// Records job `i`'s outcome and reports, in job order, every finished job not reported yet.
  func finish(_ i: Int, _ outcome: Result<Double, any Error>, report: (Int, Double) -> Void) {
    state.withLock { s in
      s.results[i] = outcome
      if case .failure = outcome { s.stopped = true }
      while s.reported < s.results.count, case .success(let accuracy)? = s.results[s.reported] {
        report(s.reported, accuracy)
        s.reported += 1
      }
    }
  }

  /// Runs `body` while no other worker runs a serialized body.
  func serialized<T>(_ body: () throws -> T) throws -> T {
    try copying.withLock { _ in try body() }
  }

  /// Every job's accuracy, or the first failure, or `CancelledError` when cancelled before the end.
  func results() throws -> [Double] {
    try state.withLock { s in
      if let failure = s.results.lazy.compactMap({ $0 }).first(where: { if case .failure = $0 { true } else { false } })
      {
        _ = try failure.get()
      }
      if s.cancelled || s.results.contains(where: { $0 == nil }) { throw CancelledError() }
      return try s.results.map { try $0!.get() }
    }
  }
}

/// What the worker threads of one `run` share (read only, apart from `report`, which the pool
/// calls under its lock).
private final class CurveRun {
  let curve: LearningCurve
  let samples: [[Dataset]]
  let plan: [(Int, Int, Int)]
  let onJob: (LearningCurve.Job) -> Void

  init(
    curve: LearningCurve, samples: [[Dataset]], plan: [(Int, Int, Int)], report: @escaping (LearningCurve.Job) -> Void
  ) {
    self.curve = curve
    self.samples = samples
    self.plan = plan
    self.onJob = report
  }

  /// Reports job `j` as finished with `accuracy`.
  func report(_ j: Int, _ accuracy: Double) {
    let (a, s, k) = plan[j]
    onJob(
      LearningCurve.Job(
        index: j, count: plan.count, arm: curve.arms[a].name, size: curve.sizes[s], seed: curve.seeds[k],
        accuracy: accuracy))
  }
}
