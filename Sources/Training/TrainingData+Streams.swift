import LayerKit
import TensorCore
import TextData

/// AWD-LSTM's language-model batching (Merity et al. 2017, as fastai's `LanguageModelPreLoader`).
extension EncodedData {
  /// The stream cut into `streams` contiguous rows of equal length (the last few tokens that do not
  /// fill a row are dropped), read as consecutive windows: row `r` of batch `k + 1` continues row
  /// `r` of batch `k`, so a recurrent state carried from one batch to the next keeps reading the
  /// same text. Every batch has the same rows and one window length for all of them.
  ///
  /// With `rng` (training), the texts are first put in a shuffled order, and each window's length
  /// varies as AWD-LSTM's: `bptt` with probability 0.95, else `bptt/2`, then a normal draw around
  /// that with standard deviation 5, at least 5 (or `bptt` when smaller). Without it (validation,
  /// evaluation) the order is the dataset's and every window is `bptt` long.
  func streamBatches(streams: Int, bptt: Int, rng: RNG?) -> [StepBatch] {
    var generator = rng
    var tokens = stream
    if var shuffling = generator?.fork() { tokens = shuffledTexts(&shuffling) }
    let predicted = tokens.count - 1
    guard predicted > 0 else { return [] }
    let rows = min(streams, predicted)
    let rowLength = predicted / rows
    var batches: [StepBatch] = []
    var start = 0
    while start < rowLength {
      var length = bptt
      if var draw = generator {
        length = EncodedData.windowLength(bptt: bptt, rng: &draw)
        generator = draw
      }
      length = min(length, rowLength - start)
      batches.append(EncodedData.window(tokens, rows: rows, rowLength: rowLength, start: start, length: length))
      start += length
    }
    return batches
  }

  /// The stream with its texts (each with its separator) in a random order.
  private func shuffledTexts(_ rng: inout RNG) -> [Int32] {
    var order = Array(textStarts.indices)
    rng.shuffle(&order)
    var result: [Int32] = []
    result.reserveCapacity(stream.count)
    for text in order {
      let end = text + 1 < textStarts.count ? textStarts[text + 1] : stream.count
      result += stream[textStarts[text]..<end]
    }
    return result
  }

  /// One randomly varied window length (AWD-LSTM).
  static func windowLength(bptt: Int, rng: inout RNG) -> Int {
    let base = rng.uniform() < 0.95 ? Double(bptt) : Double(bptt) / 2
    let drawn = Int((base + 5 * Double(rng.normal())).rounded(.down))
    return max(min(5, bptt), drawn)
  }

  /// Positions `start ..< start + length` of every row as one batch; targets are shifted by one.
  private static func window(_ tokens: [Int32], rows: Int, rowLength: Int, start: Int, length: Int) -> StepBatch {
    var ids = [Int32](repeating: Vocabulary.padID, count: rows * length)
    var targets = ids
    for row in 0..<rows {
      let begin = row * rowLength + start
      for t in 0..<length {
        ids[row * length + t] = tokens[begin + t]
        targets[row * length + t] = tokens[begin + t + 1]
      }
    }
    return StepBatch(
      input: Activation(tokens: ids, batch: rows, time: length, lengths: Array(repeating: length, count: rows)),
      targets: targets, tokens: rows * length, indices: [])
  }
}
