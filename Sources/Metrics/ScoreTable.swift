/// A results table (header and rows of text) with a plain renderer: columns of numbers
/// right-aligned, text left-aligned. Named apart from CommandLanguage.TextTable, which Metrics cannot import.
public struct ScoreTable: Sendable {
  public var header: [String]
  public var rows: [[String]]

  public init(header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }

  /// The table's lines, columns separated by two blanks, trailing blanks removed.
  public func render() -> [String] {
    let all = [header] + rows
    let columns = all.map(\.count).max() ?? 0
    let widths = (0..<columns).map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    let numeric = (0..<columns).map { c in
      rows.allSatisfy { c >= $0.count || $0[c].isEmpty || ScoreTable.isNumber($0[c]) } && rows.contains { c < $0.count && !$0[c].isEmpty }
    }
    func line(_ cells: [String]) -> String {
      let padded = (0..<columns).map { c -> String in
        let cell = c < cells.count ? cells[c] : ""
        let fill = String(repeating: " ", count: widths[c] - cell.count)
        return numeric[c] ? fill + cell : cell + fill
      }
      return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return [line(header), rule] + rows.map(line)
  }
}

extension ScoreTable {
  /// Whether a cell reads as a number (a trailing best-value `*` allowed).
  static func isNumber(_ cell: String) -> Bool {
    Double(cell.hasSuffix("*") ? String(cell.dropLast()) : cell) != nil
  }
}

/// `x` with exactly `digits` decimals, without locale or exponent (`0.815`).
public func decimal(_ x: Double, _ digits: Int = 3) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  if abs(x) >= 1e9 { return scientific(x) }
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let n = (abs(x) * scale).rounded()
  let whole = (n / scale).rounded(.down)
  var fraction = String(Int(n - whole * scale))
  while fraction.count < digits { fraction = "0" + fraction }
  let sign = x < 0 && n != 0 ? "-" : ""
  return digits == 0 ? "\(sign)\(Int(whole))" : "\(sign)\(Int(whole)).\(fraction)"
}

/// `x` as a mantissa with one decimal and a power of ten (`3.6e36`, `2.0e-3`).
public func scientific(_ x: Double) -> String {
  guard x.isFinite, x != 0 else { return decimal(x, 1) }
  var exponent = 0, m = abs(x)
  while m < 1 {
    m *= 10
    exponent -= 1
  }
  while m >= 10 {
    m /= 10
    exponent += 1
  }
  if (m * 10).rounded() >= 100 {
    m /= 10
    exponent += 1
  }
  return "\(x < 0 ? "-" : "")\(decimal(m, 1))e\(exponent)"
}
