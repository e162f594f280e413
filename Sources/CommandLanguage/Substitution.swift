extension String {
  /// The line with `$NAME` and `${NAME}` replaced by variable values (outside quotes too, as in
  /// shells); unknown variables are left as written so the parser can report them.
  public func substitutingVariables(_ variables: [String: String]) -> String {
    // Placeholder until the full parser lands.
    var result = self
    for (name, value) in variables {
      result = result.replacingOccurrences("${\(name)}", with: value)
      result = result.replacingOccurrences("$\(name)", with: value)
    }
    return result
  }

  func replacingOccurrences(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var out = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      out += rest[..<range.lowerBound]
      out += replacement
      rest = rest[range.upperBound...]
    }
    return out + rest
  }

  /// The string without leading and trailing blanks.
  public func trimmingBlanks() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
    return String(s)
  }
}
