import LayerKit
import TensorCore
import TextData

/// Samples text from a language model (a network whose output is one score per vocabulary token
/// at each position).
public enum Generator {
  /// The tokens after `prompt`: feeds the prompt, then repeatedly samples the next token from the
  /// last position's softmax at `temperature` with a generator seeded by `seed`. `<pad>`, `<unk>`
  /// and the end-of-text token are never sampled. The model sees at most the last `context` tokens.
  /// Throws `CancelledError` at the next token once `cancellation` is raised.
  public static func generate(
    _ model: TextModel, name: String, prompt: String, count: Int, temperature: Double, seed: UInt64,
    context: Int = 128, cancellation: CancellationToken? = nil
  ) throws -> [String] {
    let vocabulary = try ModelChecks.vocabulary(of: model, name: name)
    try ModelChecks.languageModel(model, name: name, vocabulary: vocabulary)
    if !(temperature > 0) { throw TrainingError("temperature= must be greater than 0") }
    let banned = Set([Vocabulary.padID, Vocabulary.unkID, EncodedData.separator(vocabulary)])
    var ids = [EncodedData.separator(vocabulary)] + vocabulary.encode(prompt)
    var rng = RNG(seed: seed)
    let layerContext = LayerContext(training: false)
    var out: [String] = []
    for _ in 0..<count {
      if cancellation?.isCancelled == true { throw CancelledError() }
      let window = Array(ids.suffix(context))
      let input = Activation(tokens: window, batch: 1, time: window.count, lengths: [window.count])
      let logits = try model.network.forward(input, context: layerContext).values
      let width = vocabulary.count
      let last = logits.data[(window.count - 1) * width..<window.count * width]
      let next = sample(last, temperature: temperature, banned: banned, rng: &rng)
      ids.append(next)
      out.append(vocabulary.tokens[Int(next)])
    }
    return out
  }

  /// One token drawn from softmax(logits / temperature) with `banned` ids excluded.
  static func sample(_ logits: ArraySlice<Float>, temperature: Double, banned: Set<Int32>, rng: inout RNG) -> Int32 {
    var masked = Array(logits)
    for id in banned where Int(id) < masked.count { masked[Int(id)] = -.infinity }
    let p = Loss.softmax(masked[...], temperature: temperature)
    let u = Double(rng.next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    var cumulative = 0.0
    var fallback = 0
    for (i, pi) in p.enumerated() where pi > 0 {
      cumulative += pi
      fallback = i
      if u < cumulative { return Int32(i) }
    }
    return Int32(fallback)
  }
}
