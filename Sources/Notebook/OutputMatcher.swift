import Transcripts

/// Compares expected output (with wildcards) against actual output, line by line.
///
/// In an expected line `[..]` and the mask tags (`[TIME]`, `[RATE]`, `[DATE]`, `[PATH]`) match any
/// text; a line that is exactly `...` matches any number of lines. With a tolerance, numbers match
/// when their relative difference is at most the tolerance.
public struct OutputMatcher: Sendable {
  /// The relative tolerance for numbers (0: exact text).
  public var tolerance: Double

  /// A matcher with a numeric tolerance.
  public init(tolerance: Double = 0) { self.tolerance = tolerance }

  /// Whether all of `actual` matches all of `expected`.
  public func matches(_ expected: [String], _ actual: [String]) -> Bool {
    matchLines(expected[...], actual[...])
  }

  private func matchLines(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
    guard let first = expected.first else { return actual.isEmpty }
    if first == "..." {
      let rest = expected.dropFirst()
      return (actual.startIndex...actual.endIndex).contains { matchLines(rest, actual[$0...]) }
    }
    guard let line = actual.first, lineMatches(first, line) else { return false }
    return matchLines(expected.dropFirst(), actual.dropFirst())
  }

  /// Whether one actual line matches one expected line.
  public func lineMatches(_ expected: String, _ actual: String) -> Bool {
    if expected == actual { return true }
    return match(pieces(expected)[...], Array(actual.unicodeScalars)[...])
  }

  /// What an expected line is made of.
  enum Piece: Equatable {
    case text(Unicode.Scalar)
    case wildcard
    case number(Double)
  }

  /// Splits an expected line into literal characters, wildcards and (with a tolerance) numbers.
  func pieces(_ line: String) -> [Piece] {
    let scalars = Array(line.unicodeScalars)
    var result: [Piece] = []
    var i = 0
    outer: while i < scalars.count {
      for tag in OutputMatcher.wildcards where scalars[i...].starts(with: tag.unicodeScalars) {
        result.append(.wildcard)
        i += tag.unicodeScalars.count
        continue outer
      }
      if tolerance > 0, let (value, length) = OutputMatcher.number(scalars[i...]) {
        result.append(.number(value))
        i += length
        continue
      }
      result.append(.text(scalars[i]))
      i += 1
    }
    return result
  }

  /// `[..]` and the mask tags.
  static let wildcards = ["[..]"] + VolatileMask.tags

  private func match(_ pieces: ArraySlice<Piece>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
    guard let piece = pieces.first else { return text.isEmpty }
    let rest = pieces.dropFirst()
    switch piece {
    case .text(let c):
      return text.first == c && match(rest, text.dropFirst())
    case .wildcard:
      return (text.startIndex...text.endIndex).contains { match(rest, text[$0...]) }
    case .number(let expected):
      guard let (value, length) = OutputMatcher.number(text) else { return false }
      let scale = max(abs(expected), abs(value))
      return abs(expected - value) <= tolerance * scale && match(rest, text.dropFirst(length))
    }
  }

  /// The number at the start of `s` (`-1.5e-3`) and how many characters it takes.
  static func number(_ s: ArraySlice<Unicode.Scalar>) -> (Double, Int)? {
    var chars = Array(s.prefix(40))
    var n = 0
    func digits() { while n < chars.count, ("0"..."9").contains(chars[n]) { n += 1 } }
    if n < chars.count, chars[n] == "-" || chars[n] == "+" { n += 1 }
    let intStart = n
    digits()
    guard n > intStart else { return nil }
    if n + 1 < chars.count, chars[n] == ".", ("0"..."9").contains(chars[n + 1]) {
      n += 1
      digits()
    }
    if n + 1 < chars.count, chars[n] == "e" || chars[n] == "E" {
      var m = n + 1
      if m < chars.count, chars[m] == "-" || chars[m] == "+" { m += 1 }
      if m < chars.count, ("0"..."9").contains(chars[m]) {
        n = m
        digits()
      }
    }
    chars = Array(chars.prefix(n))
    var text = ""
    text.unicodeScalars.append(contentsOf: chars)
    return Double(text).map { ($0, n) }
  }
}
