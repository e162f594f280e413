/// Counts token byte strings without building a `String` per occurrence: an open-addressing hash
/// table over an arena of the distinct tokens' bytes.
public struct TokenCounter: Sendable {
  private var arena: [UInt8] = []
  private var starts: [Int] = []
  private var lengths: [Int] = []
  private var hashes: [UInt64] = []
  /// Occurrences per distinct token, in first-seen order.
  public private(set) var counts: [Int] = []
  /// Slot → distinct-token index + 1 (0 = empty).
  private var slots: [Int32] = [Int32](repeating: 0, count: 1 << 14)
  /// Every token counted, with repetitions.
  public private(set) var total = 0

  public init() {}

  /// The number of distinct tokens.
  public var distinct: Int { counts.count }

  /// Counts one occurrence of `token`.
  public mutating func add(_ token: UnsafeBufferPointer<UInt8>) {
    total += 1
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in token { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while true {
      let entry = Int(slots[slot]) - 1
      if entry < 0 { break }
      if hashes[entry] == hash && matches(entry, token) {
        counts[entry] += 1
        return
      }
      slot = (slot + 1) & mask
    }
    slots[slot] = Int32(counts.count + 1)
    starts.append(arena.count)
    lengths.append(token.count)
    hashes.append(hash)
    counts.append(1)
    arena.append(contentsOf: token)
    if counts.count * 2 > slots.count { grow() }
  }

  /// The spelling of distinct token `i`.
  public func token(_ i: Int) -> String {
    arena.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[starts[i]..<(starts[i] + lengths[i])]), as: UTF8.self)
    }
  }

  /// Distinct-token indices by falling count, ties broken by byte order of the spelling (so
  /// alphabetical for ASCII): the deterministic ranking vocabularies and `show` use.
  public func ranked() -> [Int] {
    arena.withUnsafeBufferPointer { a in
      Array(0..<counts.count).sorted { x, y in
        if counts[x] != counts[y] { return counts[x] > counts[y] }
        let bx = UnsafeBufferPointer(rebasing: a[starts[x]..<(starts[x] + lengths[x])])
        let by = UnsafeBufferPointer(rebasing: a[starts[y]..<(starts[y] + lengths[y])])
        return bx.lexicographicallyPrecedes(by)
      }
    }
  }

  private func matches(_ entry: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
    guard lengths[entry] == token.count else { return false }
    let start = starts[entry]
    for k in 0..<token.count where arena[start + k] != token[k] { return false }
    return true
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for entry in 0..<hashes.count {
      let hash = hashes[entry]
      var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(entry + 1)
    }
  }
}
