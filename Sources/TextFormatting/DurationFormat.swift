/// Durations and rates are printed in these recognisable forms so transcripts can mask them
/// (`[TIME]`, `[RATE]`): `0.42s`, `12.3s`, `2m05s`, and `12.3k tok/s`, `850 ex/s`.
public func formatDuration(_ d: Duration) -> String {
  let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  return formatSeconds(seconds)
}

/// `0.42s`, `12.3s`, `2m05s`.
public func formatSeconds(_ seconds: Double) -> String {
  if seconds < 10 { return decimal(seconds, 2) + "s" }
  if seconds < 60 { return decimal(seconds, 1) + "s" }
  let whole = Int(seconds.rounded())
  let s = whole % 60
  return "\(whole / 60)m\(s < 10 ? "0" : "")\(s)s"
}

/// `850 tok/s`, `12.3k tok/s`, `1.43M pairs/s`.
public func formatRate(_ perSecond: Double, unit: String) -> String {
  if perSecond >= 1e6 { return decimal(perSecond / 1e6, 2) + "M \(unit)/s" }
  if perSecond >= 1e3 { return decimal(perSecond / 1e3, 1) + "k \(unit)/s" }
  return decimal(perSecond, 0) + " \(unit)/s"
}
