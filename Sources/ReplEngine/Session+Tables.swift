import CommandLanguage

extension Session {
  /// Prints rows as an aligned table, or as a JSON array of objects after `format json`.
  /// Every area's handlers print tabular results through this, so `format` applies everywhere.
  public func printTable(_ header: [String], _ rows: [[String]], _ out: CommandOutput) {
    let table = TextTable(header: header, rows: rows)
    out.line(jsonOutput ? table.json() : table.render())
  }
}
