/// A results table as data (header and rows of text); the REPL renders it with its table printer
/// (TextFormatting.TextTable).
public struct ScoreTable: Sendable {
  /// Column titles.
  public var header: [String]
  /// Body rows, one cell per column.
  public var rows: [[String]]

  /// A table with a header and rows.
  public init(header: [String], rows: [[String]] = []) {
    self.header = header
    self.rows = rows
  }
}
