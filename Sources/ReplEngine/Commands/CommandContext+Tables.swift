import CommandLanguage
import TextFormatting

extension CommandContext {
  /// Prints rows as an aligned table, or, after `format json`, as the command record's table (an
  /// array of objects with typed cells). Every area's handlers print tabular results through this,
  /// so `format` applies everywhere. Text tables are fitted to the output's width.
  func printTable(_ header: [String], _ rows: [[String]], _ out: CommandOutput) {
    let table = TextTable(header: header, rows: rows, maxWidth: out.width)
    if out.json {
      out.table(table.records)
    } else {
      out.line(table.render())
    }
  }
}
