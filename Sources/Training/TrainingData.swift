import LayerKit
import TensorCore
import TextData

/// One optimizer step's input and targets.
struct StepBatch {
  /// Token ids, padded, with real lengths.
  var input: Activation
  /// One class per example (classify), `batch × time` next-token ids (language model), or
  /// `batch × time` original ids at the masked positions and −1 elsewhere (masked language model).
  var targets: [Int32]
  /// Real tokens in the batch (for tokens/s).
  var tokens: Int
  /// Positions of the examples in their dataset (classify; empty for a language model).
  var indices: [Int]
}

/// A dataset encoded for one task with a model's vocabulary, able to cut itself into batches.
struct EncodedData {
  /// The token used between texts in a language-model stream.
  static let endOfText = "<eos>"

  let task: TrainingTask
  /// Classify: ids per example and the model's class index per example.
  var encoded: [[Int32]] = []
  var labels: [Int?] = []
  /// Language model: every text's ids, each followed by the end-of-text id.
  var stream: [Int32] = []
  /// Language model: where each text starts in `stream`.
  var textStarts: [Int] = []
  /// Masked language model: how positions are chosen and replaced (texts are in `encoded`).
  var masking: TokenMasking?

  /// Classify data; `labelMap[i]` is the model class of dataset label `i`.
  /// Like every encoding here, it stops early when the running command is cancelled (the caller
  /// then throws `CancelledError`; a partial encoding is never used).
  init(classify dataset: Dataset, vocabulary: Vocabulary, labelMap: [Int]) {
    task = .classify
    EncodedData.forEachExample(dataset) { example in
      encoded.append(vocabulary.encode(example.text))
      labels.append(example.label.map { labelMap[$0] })
    }
  }

  /// Language-model data: texts concatenated into one stream with an end-of-text separator
  /// (`<eos>` when the vocabulary has it, otherwise `<unk>`), each text cut to its first `limit`
  /// tokens when a limit is given.
  init(languageModel dataset: Dataset, vocabulary: Vocabulary, limit: Int? = nil) {
    task = .lm
    let separator = EncodedData.separator(vocabulary)
    EncodedData.forEachExample(dataset) { example in
      textStarts.append(stream.count)
      stream += vocabulary.encode(example.text).prefix(limit ?? Int.max)
      stream.append(separator)
    }
  }

  /// Masked-language-model data: each text's ids, masked afresh whenever it is batched.
  init(maskedLanguageModel dataset: Dataset, vocabulary: Vocabulary, masking: TokenMasking) {
    task = .mlm
    self.masking = masking
    EncodedData.forEachExample(dataset) { encoded.append(vocabulary.encode($0.text)) }
  }

  /// Calls `body` with each example in order, stopping early once the running command's
  /// cancellation token (`CancellationToken.current`) is raised; polled every 1,024 examples.
  private static func forEachExample(_ dataset: Dataset, _ body: (Example) -> Void) {
    let token = CancellationToken.current
    for (i, example) in dataset.examples.enumerated() {
      if i % 1024 == 0, token?.isCancelled == true { return }
      body(example)
    }
  }

  /// The id placed between texts.
  static func separator(_ vocabulary: Vocabulary) -> Int32 {
    vocabulary.index[endOfText] ?? Vocabulary.unkID
  }

  /// Whether there is anything to train on.
  var isEmpty: Bool { task == .lm ? stream.count < 2 : encoded.isEmpty }

  /// The batches of one pass; shuffled (and bucketed) when `rng` is given, in order otherwise.
  /// A language model's batches are `size` contiguous streams with `streams` (see
  /// `streamBatches`), independent windows otherwise.
  func batches(size: Int, maxlen: Int, bptt: Int, streams: Bool = false, rng: RNG?) -> [StepBatch] {
    switch task {
    case .classify: classifyBatches(size: size, maxlen: maxlen, rng: rng)
    case .mlm: maskedBatches(size: size, maxlen: maxlen, rng: rng)
    case .lm:
      streams
        ? streamBatches(streams: size, bptt: bptt, rng: rng) : windowBatches(size: size, bptt: bptt, rng: rng)
    }
  }

  private func classifyBatches(size: Int, maxlen: Int, rng: RNG?) -> [StepBatch] {
    var generator = rng
    return Batcher.batches(encoded, labels: labels, size: size, maxlen: maxlen, rng: &generator).map { b in
      StepBatch(
        input: Activation(tokens: b.ids, batch: b.batch, time: b.time, lengths: b.lengths), targets: b.labels,
        tokens: b.lengths.reduce(0, +), indices: b.indices)
    }
  }

  /// Texts batched as for a classifier, then masked (`TokenMasking`): with masks drawn from `rng`
  /// when given (training: new masks every epoch), else from `TokenMasking.evaluationSeed`, so
  /// validation and evaluation see the same masks every time.
  private func maskedBatches(size: Int, maxlen: Int, rng: RNG?) -> [StepBatch] {
    var generator = rng
    var masks = generator?.fork() ?? RNG(seed: TokenMasking.evaluationSeed)
    return Batcher.batches(encoded, labels: [], size: size, maxlen: maxlen, rng: &generator).map { b in
      var ids = b.ids
      let targets = masking?.apply(to: &ids, lengths: b.lengths, rng: &masks) ?? []
      return StepBatch(
        input: Activation(tokens: ids, batch: b.batch, time: b.time, lengths: b.lengths), targets: targets,
        tokens: b.lengths.reduce(0, +), indices: b.indices)
    }
  }

  /// Non-overlapping windows of `bptt` inputs (targets shifted by one), grouped into batches.
  private func windowBatches(size: Int, bptt: Int, rng: RNG?) -> [StepBatch] {
    let windows = Array(stride(from: 0, to: stream.count - 1, by: bptt))
    var order = Array(windows.indices)
    if var generator = rng { generator.shuffle(&order) }
    return stride(from: 0, to: order.count, by: size).map { start in
      let chosen = order[start..<min(start + size, order.count)].map { windows[$0] }
      let lengths = chosen.map { min(bptt, stream.count - 1 - $0) }
      let time = lengths.max() ?? 1
      var ids = [Int32](repeating: Vocabulary.padID, count: chosen.count * time)
      var targets = ids
      for (row, begin) in chosen.enumerated() {
        for t in 0..<lengths[row] {
          ids[row * time + t] = stream[begin + t]
          targets[row * time + t] = stream[begin + t + 1]
        }
      }
      return StepBatch(
        input: Activation(tokens: ids, batch: chosen.count, time: time, lengths: lengths), targets: targets,
        tokens: lengths.reduce(0, +), indices: [])
    }
  }
}
