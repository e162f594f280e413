#if canImport(Glibc)
  import Glibc
#endif

/// Durations and rates are printed in these recognisable forms so transcripts can mask them
/// (`[TIME]`, `[RATE]`): `0.42s`, `12.3s`, `2m05s`, and `12.3k tok/s`, `850 ex/s`.
public func formatDuration(_ d: Duration) -> String {
  let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  return formatSeconds(seconds)
}

/// `0.42s`, `12.3s`, `2m05s`.
public func formatSeconds(_ seconds: Double) -> String {
  if seconds < 10 { return fixed(seconds, 2) + "s" }
  if seconds < 60 { return fixed(seconds, 1) + "s" }
  let whole = Int(seconds.rounded())
  let s = whole % 60
  return "\(whole / 60)m\(s < 10 ? "0" : "")\(s)s"
}

/// `850 tok/s`, `12.3k tok/s`, `1.43M pairs/s`.
public func formatRate(_ perSecond: Double, unit: String) -> String {
  if perSecond >= 1e6 { return fixed(perSecond / 1e6, 2) + "M \(unit)/s" }
  if perSecond >= 1e3 { return fixed(perSecond / 1e3, 1) + "k \(unit)/s" }
  return fixed(perSecond, 0) + " \(unit)/s"
}

/// `x` with exactly `digits` decimals (no locale, no exponent).
public func fixed(_ x: Double, _ digits: Int) -> String {
  guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let n = (abs(x) * scale).rounded()
  let intPart = Int(n / scale)
  var frac = String(Int(n.truncatingRemainder(dividingBy: scale)))
  while frac.count < digits { frac = "0" + frac }
  let sign = x < 0 && n != 0 ? "-" : ""
  return digits == 0 ? "\(sign)\(intPart)" : "\(sign)\(intPart).\(frac)"
}

/// The process's current directory.
func currentDirectory() -> String {
  var buffer = [CChar](repeating: 0, count: 4096)
  guard getcwd(&buffer, buffer.count) != nil else { return "." }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
