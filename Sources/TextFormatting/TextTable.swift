/// A plain-text table with aligned columns, for help and for any command's results. Numbers are
/// right-aligned unless told otherwise; no rendered line starts with `#` (that marks transcript prose).
public struct TextTable: Sendable {
  /// How a column's cells line up.
  public enum Alignment: Sendable, Equatable {
    case left, right
  }

  /// Column titles, or nil for a table without a header.
  public var header: [String]?
  /// The body rows; short rows are padded with empty cells.
  public var rows: [[String]]
  /// Per-column alignment; nil picks right for columns whose cells are all numbers.
  public var alignments: [Alignment]?
  /// Whether a line of dashes separates the header from the body.
  public var ruled: Bool
  /// Blanks between columns.
  public var gap: Int
  /// The widest a rendered line may be (the terminal's width); nil for no limit.
  public var maxWidth: Int?

  /// A table with an optional header and rows.
  public init(
    header: [String]? = nil, rows: [[String]] = [], alignments: [Alignment]? = nil, ruled: Bool = true, gap: Int = 2,
    maxWidth: Int? = nil
  ) {
    self.maxWidth = maxWidth
    self.header = header
    self.rows = rows
    self.alignments = alignments
    self.ruled = ruled
    self.gap = gap
  }

  /// Adds a body row.
  public mutating func append(_ row: [String]) { rows.append(row) }

  /// The number of columns (the widest row or the header).
  public var columnCount: Int { max(header?.count ?? 0, rows.map(\.count).max() ?? 0) }

  /// The rendered lines, each prefixed by `indent` blanks, without trailing blanks, and fitted to
  /// `maxWidth` when one is set.
  public func lines(indent: Int = 0) -> [String] {
    let count = columnCount
    guard count > 0 else { return [] }
    let all = ((header.map { [$0] } ?? []) + rows).map { row in (0..<count).map { cell(row, $0) } }
    var widths = (0..<count).map { column in all.map { $0[column].count }.max() ?? 0 }
    let aligns = (0..<count).map { alignment(of: $0) }
    var out: [String] = []
    for (index, row) in fitted(all, &widths, aligns, indent: indent).enumerated() {
      for cells in row { out.append(render(cells, widths, aligns, indent)) }
      if index == 0 && header != nil && ruled {
        out.append(render(widths.map { String(repeating: "-", count: $0) }, widths, aligns, indent))
      }
    }
    return out
  }

  /// The rendered table as one string (lines joined by newlines).
  public func render(indent: Int = 0) -> String { lines(indent: indent).joined(separator: "\n") }

  /// A cell as shown: control characters from data escaped (`\x1b`), so widths stay true.
  private func cell(_ row: [String], _ column: Int) -> String {
    column < row.count ? row[column].escapingControlCharacters : ""
  }

  private func alignment(of column: Int) -> Alignment {
    if let alignments, column < alignments.count { return alignments[column] }
    let cells = rows.map { cell($0, column) }.filter { !$0.isEmpty }
    return !cells.isEmpty && cells.allSatisfy(TextTable.isNumber) ? .right : .left
  }

  private func render(_ cells: [String], _ widths: [Int], _ aligns: [Alignment], _ indent: Int) -> String {
    var line = String(repeating: " ", count: indent)
    for (column, text) in cells.enumerated() {
      let padding = String(repeating: " ", count: widths[column] - text.count)
      if column > 0 { line += String(repeating: " ", count: gap) }
      line += aligns[column] == .right ? padding + text : text + padding
    }
    while line.last == " " { line.removeLast() }
    return line.first == "#" ? " " + line : line
  }

  /// Whether `text` reads as a number (`12`, `-0.5`, `1e-3`, `85.2%`).
  static func isNumber(_ text: String) -> Bool {
    let body = text.hasSuffix("%") ? String(text.dropLast()) : text
    return Double(body) != nil
  }
}
