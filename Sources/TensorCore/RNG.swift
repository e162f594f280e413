/// A seeded pseudo-random generator of our own (xoshiro256** seeded through SplitMix64), so that
/// the same seed gives the same numbers on every machine and toolchain.
public struct RNG: Sendable, RandomNumberGenerator {
  // Visible to inlined code only, so that a loop drawing numbers in another module (dropout
  // masks) inlines `next()` instead of calling it per number.
  @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// A generator whose whole stream is determined by `seed`.
  public init(seed: UInt64) {
    var x = seed
    func splitmix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitmix()
    s1 = splitmix()
    s2 = splitmix()
    s3 = splitmix()
  }

  /// The next 64 random bits.
  @inlinable public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// A uniform Float in [0, 1) built from the top 24 bits.
  @inlinable public mutating func uniform() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A uniform Float in [low, high).
  public mutating func uniform(_ low: Float, _ high: Float) -> Float {
    low + (high - low) * uniform()
  }

  /// A uniform integer in 0..<bound without modulo bias (bound > 0).
  public mutating func below(_ bound: Int) -> Int {
    Int(truncatingIfNeeded: next(upperBound: UInt64(bound)))
  }

  /// A standard normal sample (Box–Muller in Double, so results do not depend on Float libm).
  public mutating func normal() -> Float {
    let u1 = max(Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0), 1e-300)
    let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
  }

  /// A child generator for an independent stream (e.g. one per layer), derived deterministically.
  public mutating func fork() -> RNG { RNG(seed: next()) }

  /// Shuffles in place with Fisher–Yates using this generator.
  public mutating func shuffle<T>(_ array: inout [T]) { shuffle(&array, cancellation: nil) }

  /// `shuffle`, giving up once `cancellation` is raised (polled every 65,536 swaps) and leaving the
  /// array partly shuffled: the caller then throws instead of using it.
  public mutating func shuffle<T>(_ array: inout [T], cancellation: CancellationToken?) {
    if array.count < 2 { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      if i & 0xFFFF == 0, cancellation?.isCancelled == true { return }
      array.swapAt(i, below(i + 1))
    }
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
  import Foundation
  @inline(__always) func _log(_ x: Double) -> Double { Foundation.log(x) }
  @inline(__always) func _cos(_ x: Double) -> Double { Foundation.cos(x) }
#endif
