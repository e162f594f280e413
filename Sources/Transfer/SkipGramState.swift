#if canImport(Glibc)
  import Glibc
#endif

/// The weights and tables shared by skip-gram workers (raw buffers updated Hogwild-style).
final class SkipGramState: @unchecked Sendable {
  /// Input vectors, `vocabulary × dim` (the result).
  let syn0: UnsafeMutablePointer<Float>
  /// Output (negative-sampling) vectors, `vocabulary × dim`, starting at zero.
  let syn1: UnsafeMutablePointer<Float>
  /// Walker's alias table for the unigram^0.75 noise distribution: slot i keeps word i when a
  /// 32-bit draw is below `threshold`, else gives `alias`. O(1) per draw and small enough to stay
  /// in cache (a 10⁸-slot table like word2vec.c's misses the cache on every draw).
  let noise: UnsafeMutablePointer<AliasSlot>
  /// Keep probabilities for subsampling, as thresholds on a 32-bit random draw.
  let keep: UnsafeMutablePointer<UInt32>
  /// σ(x) for x in [-maxExp, maxExp) at `sigmoidSize` steps.
  let sigmoid: UnsafeMutablePointer<Float>
  let dim: Int
  let negatives: Int
  let window: Int
  let shrink: Bool
  let vocabulary: Int

  static let sigmoidSize = 1000
  static let maxExp: Float = 6

  init(config: SkipGramConfig, counts: [Int]) {
    dim = config.dim
    negatives = config.negatives
    window = config.window
    shrink = config.shrinkWindows
    vocabulary = counts.count
    let n = counts.count * config.dim
    syn0 = .allocate(capacity: n)
    syn1 = .allocate(capacity: n)
    syn1.initialize(repeating: 0, count: n)
    var next = config.seed
    for i in 0..<n {
      next = next &* 25_214_903_917 &+ 11
      syn0[i] = (Float(next & 0xFFFF) / 65536 - 0.5) / Float(config.dim)
    }
    noise = .allocate(capacity: max(counts.count, 1))
    keep = .allocate(capacity: max(counts.count, 1))
    sigmoid = .allocate(capacity: SkipGramState.sigmoidSize + 1)
    fillNoise(counts)
    fillKeep(counts, sample: config.sample)
    for i in 0...SkipGramState.sigmoidSize {
      let x = (Float(i) / Float(SkipGramState.sigmoidSize) * 2 - 1) * SkipGramState.maxExp
      sigmoid[i] = 1 / (1 + Float(exp(-Double(x))))
    }
  }

  /// Builds the alias table of count^0.75 (Vose's method, deterministic).
  private func fillNoise(_ counts: [Int]) {
    let n = counts.count
    let weights = counts.map { pow(Double($0), 0.75) }
    let total = weights.reduce(0, +)
    var scaled = weights.map { $0 * Double(n) / total }
    var small: [Int] = []
    var large: [Int] = []
    for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
    while !small.isEmpty && !large.isEmpty {
      let s = small.removeLast()
      let l = large[large.count - 1]
      noise[s] = AliasSlot(threshold: UInt32(min(scaled[s], 1) * 4_294_967_295), alias: Int32(l))
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    for i in small + large { noise[i] = AliasSlot(threshold: UInt32.max, alias: Int32(i)) }
  }

  /// word2vec.c's keep probability (√(f/(s·T)) + 1)·(s·T)/f, as a threshold on 32 random bits.
  private func fillKeep(_ counts: [Int], sample: Double) {
    let total = Double(counts.reduce(0, +))
    for (i, c) in counts.enumerated() {
      var p = 1.0
      if sample > 0 {
        let threshold = sample * total
        p = ((Double(c) / threshold).squareRoot() + 1) * threshold / Double(c)
      }
      keep[i] = p >= 1 ? UInt32.max : UInt32(p * 4_294_967_295)
    }
  }

  /// A copy of the input vectors.
  func inputVectors(rows: Int) -> [Float] { Array(UnsafeBufferPointer(start: syn0, count: rows * dim)) }

  func deallocate() {
    syn0.deallocate()
    syn1.deallocate()
    noise.deallocate()
    keep.deallocate()
    sigmoid.deallocate()
  }
}

/// One slot of the noise alias table.
struct AliasSlot {
  var threshold: UInt32
  var alias: Int32
}
