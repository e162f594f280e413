extension TextTable {
  /// The rows as JSON objects keyed by the header (`column2` for a column without a title); without
  /// a header, each row is an array. Cells are typed by `JSONValue.cell`.
  public var records: JSONValue {
    let count = columnCount
    return .array(
      rows.map { row in
        let values = (0..<count).map { JSONValue.cell($0 < row.count ? row[$0] : "") }
        guard let header else { return .array(values) }
        return .object((0..<count).map { ($0 < header.count ? header[$0] : "column\($0 + 1)", values[$0]) })
      })
  }

  /// `80,512` → `80512` for a grouped whole number; any other text unchanged.
  public static func withoutThousandsSeparators(_ text: String) -> String {
    let groups = text.split(separator: ",", omittingEmptySubsequences: false)
    let digits = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
    let sign = text.hasPrefix("-") ? 1 : 0
    guard groups.count > 1, let first = groups.first, digits(first.dropFirst(sign)), first.count <= 3 + sign,
      groups.dropFirst().allSatisfy({ $0.count == 3 && digits($0) })
    else { return text }
    return groups.joined()
  }

  /// Whether `text` is a number in JSON's grammar: `-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?`.
  static func isJSONNumber(_ text: String) -> Bool {
    var chars = Substring(text)
    func digits() -> Int {
      let run = chars.prefix { $0.isASCII && $0.isNumber }
      chars = chars.dropFirst(run.count)
      return run.count
    }
    if chars.first == "-" { chars = chars.dropFirst() }
    let leadingZero = chars.first == "0"
    let whole = digits()
    guard whole > 0, !(leadingZero && whole > 1) else { return false }
    if chars.first == "." {
      chars = chars.dropFirst()
      guard digits() > 0 else { return false }
    }
    if chars.first == "e" || chars.first == "E" {
      chars = chars.dropFirst()
      if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
      guard digits() > 0 else { return false }
    }
    return chars.isEmpty
  }

  /// `text` as a JSON string literal with the required escapes.
  public static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
