#if canImport(Glibc)
  import Glibc
#endif

extension DataLoader {
  /// Word vectors in GloVe text format (`word v1 … vd`) or word2vec text format (a `count dim` first
  /// line). Every row must have the same width; a ragged row is an error naming FILE:LINE. With
  /// `options.words` only the rows of those words are kept, and the others are skipped without
  /// reading their numbers (the fast path of `load … vocab=V`).
  func loadVectors(_ path: String) throws(DataError) -> WordVectors {
    var bytes = try read(path).bytes
    bytes.append(0)  // strtof stops at the sentinel
    var table = VectorTable(keeping: options.words)
    let limit = options.limit ?? Int.max
    try bytes.withUnsafeBufferPointer { (b) throws(DataError) in
      var start = 0
      var line = 1
      let n = b.count - 1
      while start < n && table.words.count < limit {
        if line & 1023 == 1 { try DataError.checkCancelled(line) }
        let end = VectorTable.lineEnd(b, from: start, to: n)
        try table.read(b, start..<end, path: path, line: line)
        start = end + 1
        line += 1
      }
    }
    guard table.dimension > 0, !table.words.isEmpty else {
      throw DataError(
        table.filtered ? "no vector in this file is for a word of the vocabulary" : "no vectors in this file",
        path: path)
    }
    if let declared = table.declared, options.limit == nil, !table.filtered, declared != table.words.count {
      throw DataError("the header declares \(declared) vectors but the file has \(table.words.count)", path: path)
    }
    return WordVectors(words: table.words, dimension: table.dimension, values: table.values, source: "vectors \(path)")
  }
}

/// The rows of a vectors file read so far: words, their numbers in one flat array, the width.
struct VectorTable {
  var words: [String] = []
  var values: [Float] = []
  var dimension = 0
  /// The count of a word2vec `count dim` header line.
  var declared: Int?
  /// The words to keep, as a byte-keyed table (nil: keep all).
  private let keep: TokenCounter?

  /// A table keeping only `words` (every row when nil).
  init(keeping words: [String]?) {
    keep = words.map { list in
      var counter = TokenCounter()
      for var word in list { word.withUTF8 { counter.add($0) } }
      return counter
    }
  }

  /// Whether rows are filtered by a word list.
  var filtered: Bool { keep != nil }

  /// The index of the newline that ends the line starting at `start` (or `n`).
  static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to n: Int) -> Int {
    guard let base = b.baseAddress, start < n, let hit = memchr(base + start, 10, n - start) else { return n }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
  }

  /// Reads one `word v1 … vd` line (a blank line is skipped; a word2vec header on line 1 sets the
  /// width); a word not in the keep list is skipped before its numbers are read.
  mutating func read(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, path: String, line: Int) throws(DataError) {
    var i = range.lowerBound
    let end = range.upperBound
    while i < end && (b[i] == 32 || b[i] == 9) { i += 1 }
    let wordStart = i
    while i < end && b[i] != 32 && b[i] != 9 && b[i] != 13 { i += 1 }
    let word = UnsafeBufferPointer(rebasing: b[wordStart..<i])
    if word.isEmpty { return }
    if line > 1, let keep, keep.index(of: word) == nil { return }
    let first = values.count
    let count = try numbers(b, from: i, to: end, word: word, path: path, line: line, start: range.lowerBound)
    if line == 1, count == 1, let header = Int(String(decoding: word, as: UTF8.self)), let width = values.last,
      width >= 1, width <= 1e6, width == width.rounded()
    {
      values.removeLast()
      declared = header
      dimension = Int(width)
      return
    }
    if line == 1, let keep, keep.index(of: word) == nil {
      values.removeSubrange(first...)
      if dimension == 0 { dimension = count }
      return
    }
    if dimension == 0 { dimension = count }
    guard count == dimension else {
      throw DataError(
        "vector has \(count) number\(count == 1 ? "" : "s"), expected \(dimension)", path: path, line: line)
    }
    words.append(String(decoding: word, as: UTF8.self))
  }

  /// Appends the numbers of `b[i..<end]` to `values`; returns how many there were.
  private mutating func numbers(
    _ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, word: UnsafeBufferPointer<UInt8>, path: String,
    line: Int, start lineStart: Int
  ) throws(DataError) -> Int {
    guard let base = b.baseAddress else { return 0 }
    var i = start
    var count = 0
    while true {
      while i < end && (b[i] == 32 || b[i] == 9 || b[i] == 13) { i += 1 }
      if i >= end { break }
      let p = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base + i).assumingMemoryBound(to: CChar.self))
      var stop: UnsafeMutablePointer<CChar>?
      let x = strtof(p, &stop)
      let used = stop.map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? 0
      guard used > 0, i + used <= end, x.isFinite else {
        let name = String(decoding: word, as: UTF8.self)
        throw DataError("'\(name)': not a number at column \(i - lineStart + 1)", path: path, line: line)
      }
      values.append(x)
      count += 1
      i += used
    }
    return count
  }
}
