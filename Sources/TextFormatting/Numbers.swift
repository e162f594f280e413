/// `x` with exactly `digits` decimals, without locale or exponent (`0.815`); magnitudes of a
/// billion or more are printed by `scientific` instead, so the integer part never overflows.
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

/// `8,123`: an integer with thousands separators (how counts are printed).
public func grouped(_ n: Int) -> String {
  let digits = String(abs(n))
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return n < 0 ? "-" + out : out
}
