import CommandLanguage

extension Session {
  /// Prints rows as an aligned table, or as a JSON array of objects after `format json`.
  /// Every area's handlers print tabular results through this, so `format` applies everywhere.
  public func printTable(_ header: [String], _ rows: [[String]], _ out: CommandOutput) {
    if jsonOutput {
      let objects = rows.map { row in
        "{" + zip(header, row).map { "\(jsonString($0)): \(jsonValue($1))" }.joined(separator: ", ") + "}"
      }
      return out.line("[" + objects.joined(separator: ",\n ") + "]")
    }
    out.line(TextTable(header: header, rows: rows).render())
  }
}

/// A JSON number when `text` is a plain decimal number, else a JSON string.
func jsonValue(_ text: String) -> String {
  let numeric = !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "e" }
  return numeric && Double(text) != nil && text.first != "." ? text : jsonString(text)
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
  var s = "\""
  for c in text.unicodeScalars {
    switch c {
    case "\"": s += "\\\""
    case "\\": s += "\\\\"
    case "\n": s += "\\n"
    case "\t": s += "\\t"
    default:
      if c.value < 0x20 {
        let hex = String(c.value, radix: 16)
        s += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        s.unicodeScalars.append(c)
      }
    }
  }
  return s + "\""
}
