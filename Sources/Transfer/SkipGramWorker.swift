/// One thread's skip-gram loop: its own random stream and scratch buffers, the shared weights.
final class SkipGramWorker {
  let state: SkipGramState
  /// The current learning rate.
  var alpha: Float = 0.025
  /// (word, context) pairs trained so far.
  var pairs = 0
  /// word2vec.c's linear congruential generator.
  private var random: UInt64
  private var kept: UnsafeMutablePointer<Int32>
  private var keptCapacity = 1024
  private let gradient: UnsafeMutablePointer<Float>
  private let targets: UnsafeMutablePointer<Int>
  private let dots: UnsafeMutablePointer<Float>

  init(state: SkipGramState, seed: UInt64) {
    self.state = state
    self.random = seed
    self.gradient = .allocate(capacity: state.dim)
    self.kept = .allocate(capacity: keptCapacity)
    self.targets = .allocate(capacity: state.negatives + 1)
    self.dots = .allocate(capacity: state.negatives + 1)
  }

  deinit {
    gradient.deallocate()
    kept.deallocate()
    targets.deallocate()
    dots.deallocate()
  }

  @inline(__always) private func nextRandom() -> UInt64 {
    random = random &* 25_214_903_917 &+ 11
    return random
  }

  /// A noise word from the unigram^0.75 distribution (alias method, two draws).
  @inline(__always) private func drawNoise() -> Int {
    let slot = Int(((nextRandom() >> 32) &* UInt64(state.vocabulary)) >> 32)
    let entry = state.noise[slot]
    return UInt32(truncatingIfNeeded: nextRandom() >> 32) < entry.threshold ? slot : Int(entry.alias)
  }

  /// Subsamples `sentence`, then trains every (word, context) pair within the (dynamic) window.
  func train(sentence: UnsafeBufferPointer<Int32>) {
    if sentence.count > keptCapacity {
      kept.deallocate()
      keptCapacity = sentence.count
      kept = .allocate(capacity: keptCapacity)
    }
    var n = 0
    for w in sentence where UInt32(truncatingIfNeeded: nextRandom() >> 16) <= state.keep[Int(w)] {
      kept[n] = w
      n += 1
    }
    let window = state.window
    for pos in 0..<n {
      let reach = state.shrink ? window - Int(nextRandom() % UInt64(window)) : window
      let lo = max(0, pos - reach)
      let hi = min(n - 1, pos + reach)
      if hi <= lo { continue }
      for c in lo...hi where c != pos {
        trainPair(word: Int(kept[pos]), context: Int(kept[c]))
      }
      pairs += hi - lo
    }
  }

  /// One positive and `negatives` noise updates for the context word's input vector.
  ///
  /// The targets are drawn and all their dot products computed first, so the rows' cache misses
  /// overlap (memory-level parallelism); then each target is updated in turn. This differs from
  /// word2vec.c only when a noise word repeats within one pair (its second dot product then
  /// uses the value from before the first update).
  @inline(__always) private func trainPair(word: Int, context: Int) {
    let dim = state.dim
    let l1 = state.syn0 + context * dim
    var n = 0
    targets[0] = word
    n = 1
    for _ in 0..<state.negatives {
      let t = drawNoise()
      if t != word {
        targets[n] = t
        n += 1
      }
    }
    for k in 0..<n { dots[k] = Kernels.dot(l1, state.syn1 + targets[k] * dim, dim) }
    gradient.initialize(repeating: 0, count: dim)
    for k in 0..<n {
      let l2 = state.syn1 + targets[k] * dim
      let f = dots[k]
      let label: Float = k == 0 ? 1 : 0
      let step: Float
      if f > SkipGramState.maxExp {
        step = (label - 1) * alpha
      } else if f < -SkipGramState.maxExp {
        step = label * alpha
      } else {
        let i = Int((f + SkipGramState.maxExp) * (Float(SkipGramState.sigmoidSize) / SkipGramState.maxExp / 2))
        step = (label - state.sigmoid[i]) * alpha
      }
      Kernels.axpy(step, l2, gradient, dim)
      Kernels.axpy(step, l1, l2, dim)
    }
    Kernels.axpy(1, gradient, l1, dim)
  }
}

/// Vector kernels on raw pointers, 8 lanes at a time (separate multiply and add: a fused
/// `addingProduct` becomes a scalar call per lane without a named target CPU).
enum Kernels {
  /// Σ a[i]·b[i].
  @inline(__always) static func dot(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int)
    -> Float
  {
    var s0 = SIMD8<Float>()
    var s1 = SIMD8<Float>()
    var i = 0
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    while i + 16 <= n {
      s0 +=
        ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
        * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      s1 +=
        ra.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
        * rb.loadUnaligned(fromByteOffset: i * 4 + 32, as: SIMD8<Float>.self)
      i += 16
    }
    var s = (s0 + s1).sum()
    while i < n {
      s += a[i] * b[i]
      i += 1
    }
    return s
  }

  /// y[i] += alpha·x[i].
  @inline(__always) static func axpy(
    _ alpha: Float, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int
  ) {
    let a = SIMD8<Float>(repeating: alpha)
    var i = 0
    let rx = UnsafeRawPointer(x)
    let ry = UnsafeMutableRawPointer(y)
    while i + 8 <= n {
      let v =
        ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) + a
        * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      ry.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n {
      y[i] += alpha * x[i]
      i += 1
    }
  }
}
