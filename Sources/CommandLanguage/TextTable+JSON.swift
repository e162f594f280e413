extension TextTable {
  /// The table as a JSON array of objects keyed by the header (`format json`); cells that read as
  /// plain numbers are JSON numbers, all others strings. Without a header, each row is an array.
  public func json() -> String {
    let count = columnCount
    let items = rows.map { row -> String in
      let values = (0..<count).map { TextTable.jsonValue($0 < row.count ? row[$0] : "") }
      guard let header else { return "[" + values.joined(separator: ", ") + "]" }
      let pairs = (0..<count).map { column in
        TextTable.jsonString(column < header.count ? header[column] : "column\(column + 1)") + ": " + values[column]
      }
      return "{" + pairs.joined(separator: ", ") + "}"
    }
    return items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "\n]"
  }

  static func jsonValue(_ cell: String) -> String { isJSONNumber(cell) ? cell : jsonString(cell) }

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
