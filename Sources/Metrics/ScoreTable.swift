/// A results table (header and rows of text) with a plain renderer: the first column left-aligned,
/// the others right-aligned. Named apart from CommandLanguage.TextTable, which Metrics cannot import.
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
    func line(_ cells: [String]) -> String {
      let padded = (0..<columns).map { c -> String in
        let cell = c < cells.count ? cells[c] : ""
        let fill = String(repeating: " ", count: widths[c] - cell.count)
        return c == 0 ? cell + fill : fill + cell
      }
      return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return [line(header), rule] + rows.map(line)
  }
}

/// `x` with exactly `digits` decimals, without locale or exponent (`0.815`).
public func decimal(_ x: Double, _ digits: Int = 3) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let n = (abs(x) * scale).rounded()
  let whole = (n / scale).rounded(.down)
  var fraction = String(Int(n - whole * scale))
  while fraction.count < digits { fraction = "0" + fraction }
  let sign = x < 0 && n != 0 ? "-" : ""
  let intText = whole < 1e15 ? String(Int(whole)) : "\(whole)"
  return digits == 0 ? sign + intText : "\(sign)\(intText).\(fraction)"
}
