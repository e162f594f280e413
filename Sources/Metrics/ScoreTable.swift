/// A results table as data (header and rows of text); the REPL renders it with its table printer
/// (CommandLanguage.TextTable, which Metrics cannot import).
public struct ScoreTable: Sendable {
  /// Column titles.
  public var header: [String]
  /// Body rows, one cell per column.
  public var rows: [[String]]

  /// A table with a header and rows.
  public init(header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
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
  var exponent = 0
  var m = abs(x)
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
