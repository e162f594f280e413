/// A JSON value, rendered compactly on one line (the records of `format json`).
///
/// Numbers keep the text they were printed with (`0.781`, `80512`), so a JSON record shows exactly
/// the digits the table shows.
public indirect enum JSONValue: Sendable {
  case null
  case bool(Bool)
  /// A number, as text in JSON's number grammar.
  case number(String)
  case string(String)
  case array([JSONValue])
  /// An object; members keep their order.
  case object([(String, JSONValue)])

  /// A table cell typed: empty is `null`, a number (thousands separators and a best-value `*`
  /// dropped) is a number, anything else a string.
  public static func cell(_ text: String) -> JSONValue {
    let body = text.trimming { $0 == " " }
    if body.isEmpty { return .null }
    let plain = body.hasSuffix("*") ? body.dropLast() : Substring(body)
    let digits = TextTable.withoutThousandsSeparators(String(plain))
    return TextTable.isJSONNumber(digits) ? .number(digits) : .string(String(text))
  }

  /// A number printed by the tool (`decimal(x)`); `nan` and `inf` become `null`.
  public static func decimal(_ text: String) -> JSONValue {
    TextTable.isJSONNumber(text) ? .number(text) : .null
  }

  /// The value on one line.
  public var rendered: String {
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let text): return text
    case .string(let text): return TextTable.jsonString(text)
    case .array(let items): return "[" + items.map(\.rendered).joined(separator: ",") + "]"
    case .object(let members):
      return "{" + members.map { TextTable.jsonString($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
    }
  }
}
