#if canImport(Glibc)
  import Glibc
#endif

/// Counts token byte strings without building a `String` per occurrence: an open-addressing hash
/// table over an arena of the distinct tokens' bytes.
public struct TokenCounter: Sendable {
  private struct Entry {
    var start: Int
    var length: Int
    var hash: UInt64
  }
  private var arena: [UInt8] = []
  private var entries: [Entry] = []
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
    if let entry = find(token, hash) {
      counts.withUnsafeMutableBufferPointer { $0[entry] &+= 1 }
      return
    }
    insert(token, hash)
  }

  /// The first-seen index of `token`, if it was counted.
  public func index(of token: UnsafeBufferPointer<UInt8>) -> Int? {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in token { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    return find(token, hash)
  }

  /// The entry holding `token`, if it was seen before.
  private func find(_ token: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      entries.withUnsafeBufferPointer { entries in
        arena.withUnsafeBufferPointer { arena in
          let mask = slots.count - 1
          var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
          while true {
            let index = Int(slots[slot]) - 1
            if index < 0 { return nil }
            let e = entries[index]
            if e.hash == hash && e.length == token.count {
              if token.isEmpty { return index }
              if let a = arena.baseAddress, let t = token.baseAddress, memcmp(a + e.start, t, token.count) == 0 {
                return index
              }
            }
            slot = (slot + 1) & mask
          }
        }
      }
    }
  }

  private mutating func insert(_ token: UnsafeBufferPointer<UInt8>, _ hash: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(counts.count + 1)
    entries.append(Entry(start: arena.count, length: token.count, hash: hash))
    counts.append(1)
    arena.append(contentsOf: token)
    if counts.count * 2 > slots.count { grow() }
  }

  /// The spelling of distinct token `i`.
  public func token(_ i: Int) -> String {
    let e = entries[i]
    return arena.withUnsafeBufferPointer {
      String(decoding: UnsafeBufferPointer(rebasing: $0[e.start..<(e.start + e.length)]), as: UTF8.self)
    }
  }

  /// Distinct-token indices by falling count, ties broken by byte order of the spelling (so
  /// alphabetical for ASCII): the deterministic ranking vocabularies and `show` use.
  public func ranked() -> [Int] {
    arena.withUnsafeBufferPointer { a in
      Array(0..<counts.count).sorted { x, y in
        if counts[x] != counts[y] { return counts[x] > counts[y] }
        let ex = entries[x]
        let ey = entries[y]
        let bx = UnsafeBufferPointer(rebasing: a[ex.start..<(ex.start + ex.length)])
        let by = UnsafeBufferPointer(rebasing: a[ey.start..<(ey.start + ey.length)])
        return bx.lexicographicallyPrecedes(by)
      }
    }
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for (index, e) in entries.enumerated() {
      var slot = Int(truncatingIfNeeded: e.hash ^ (e.hash >> 29)) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(index + 1)
    }
  }
}
