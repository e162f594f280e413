extension String {
  /// The text with every control character except the newline shown as an escape (`\x1b`, `\x00`,
  /// `\x09` for a tab, `\x85` for C1 controls), so text from data can neither drive the terminal
  /// nor make a transcript binary. Escaping twice changes nothing.
  public var escapingControlCharacters: String {
    guard unicodeScalars.contains(where: String.isEscaped) else { return self }
    var out = ""
    out.unicodeScalars.reserveCapacity(unicodeScalars.count + 8)
    for scalar in unicodeScalars {
      guard String.isEscaped(scalar) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      let hex = String(scalar.value, radix: 16)
      out += "\\x" + (hex.count < 2 ? "0" : "") + hex
    }
    return out
  }

  /// C0 controls but the newline, DEL, and C1 controls.
  static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
    (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
  }
}
