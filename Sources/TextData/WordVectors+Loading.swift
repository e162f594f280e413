#if canImport(Glibc)
  import Glibc
#endif

extension DataLoader {
  /// Word vectors in GloVe text format (`word v1 … vd`) or word2vec text format (a `count dim` first
  /// line). Every row must have the same width; a ragged row is an error naming FILE:LINE.
  func loadVectors(_ path: String) throws(DataError) -> WordVectors {
    var bytes = try read(path).bytes
    bytes.append(0)  // strtof stops at the sentinel
    var words: [String] = []
    var values: [Float] = []
    var dimension = 0
    var declared: Int?
    let limit = options.limit ?? Int.max
    try bytes.withUnsafeBufferPointer { (b) throws(DataError) in
      var start = 0
      var line = 1
      let n = b.count - 1
      while start < n && words.count < limit {
        try DataError.checkCancelled(line)
        var end = start
        while end < n && b[end] != 10 { end += 1 }
        let row = try parseVectorRow(b, start..<end, path: path, line: line)
        if line == 1, row.values.count == 1, let count = Int(row.word), row.values[0] >= 1, row.values[0] <= 1e6,
          row.values[0] == row.values[0].rounded()
        {
          declared = count
          dimension = Int(row.values[0])
        } else if !row.word.isEmpty {
          if dimension == 0 { dimension = row.values.count }
          guard row.values.count == dimension else {
            throw DataError("vector has \(row.values.count) numbers, expected \(dimension)", path: path, line: line)
          }
          words.append(row.word)
          values += row.values
        }
        start = end + 1
        line += 1
      }
    }
    guard dimension > 0, !words.isEmpty else { throw DataError("no vectors in this file", path: path) }
    if let declared, options.limit == nil, declared != words.count {
      throw DataError("the header declares \(declared) vectors but the file has \(words.count)", path: path)
    }
    return WordVectors(words: words, dimension: dimension, values: values, source: "vectors \(path)")
  }

  /// One `word v1 … vd` line (blank lines give an empty word).
  private func parseVectorRow(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, path: String, line: Int)
    throws(DataError) -> (word: String, values: [Float])
  {
    var i = range.lowerBound
    let end = range.upperBound
    while i < end && (b[i] == 32 || b[i] == 9) { i += 1 }
    let wordStart = i
    while i < end && b[i] != 32 && b[i] != 9 { i += 1 }
    let word = String(decoding: UnsafeBufferPointer(rebasing: b[wordStart..<i]), as: UTF8.self)
    var values: [Float] = []
    guard let base = b.baseAddress else { return (word, values) }
    while true {
      while i < end && (b[i] == 32 || b[i] == 9 || b[i] == 13) { i += 1 }
      if i >= end { break }
      let p = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base + i).assumingMemoryBound(to: CChar.self))
      var stop: UnsafeMutablePointer<CChar>?
      let x = strtof(p, &stop)
      let used = stop.map { UnsafeRawPointer($0) - UnsafeRawPointer(p) } ?? 0
      guard used > 0, i + used <= end, x.isFinite else {
        throw DataError("'\(word)': not a number at column \(i - range.lowerBound + 1)", path: path, line: line)
      }
      values.append(x)
      i += used
    }
    return (word, values)
  }
}
