import LayerKit
import TensorCore
import TextData
import Training

/// About how many bytes a command will allocate from the numbers the user typed, computed before
/// it allocates so that `MemoryBudget` can refuse it with a one-line error.
enum MemoryEstimate {
  /// One synthetic sentence: the `Example`, its text (a heap string of about 64 bytes) and the
  /// label and order tables used to shuffle and flip labels.
  static let bytesPerSentence = MemoryLayout<Example>.stride + 64 + 2 * MemoryLayout<Int>.stride

  /// One sampled example: its `Example` (the text is shared with the source) and its index.
  static let bytesPerSampledExample = MemoryLayout<Example>.stride + MemoryLayout<Int>.stride

  /// One generated token: its id, its string (with heap storage) and its share of the joined line.
  static let bytesPerGeneratedToken = 4 + MemoryLayout<String>.stride + 32

  /// Skip-gram: input and output vectors of `words × dim` Float32, and the input vectors' copy
  /// returned as the result.
  static func skipgram(words: Int, dim: Int) -> Int { MemoryBudget.product(words, dim, 3, 4) }

  /// A copy of `network`: each parameter's value and gradient.
  static func copy(_ network: Network) -> Int { MemoryBudget.product(network.parameterCount, 8) }

  /// One training step of `model` on `data`: the batch's token ids and, per token, four Float32 per
  /// output unit of every layer (output, gradient and what the layer caches for backward), plus a
  /// replica of the network for `threads=2`. Batches never hold more rows than there are examples
  /// (or language-model windows) nor more steps than the longest text has bytes.
  static func trainingStep(_ model: TextModel, _ data: Dataset, _ settings: TrainingSettings) -> Int {
    let bytes = data.examples.map(\.text.utf8.count)
    let (rows, time): (Int, Int)
    if settings.task == .lm {
      let stream = bytes.reduce(0) { MemoryBudget.sum($0, $1, 1) }
      time = min(settings.bptt, stream)
      rows = min(settings.batchSize, stream / max(time, 1) + 1)
    } else {
      rows = min(settings.batchSize, data.count)
      time = min(settings.maxlen, bytes.max() ?? 1)
    }
    let units = model.network.layers.reduce(0) { MemoryBudget.sum($0, $1.layer.outputShape.width) }
    let floatsPerToken = MemoryBudget.sum(MemoryBudget.product(units, 4), 1)
    let activations = MemoryBudget.product(rows, time, floatsPerToken, 4)
    return MemoryBudget.sum(activations, settings.threads > 1 ? copy(model.network) : 0)
  }
}
