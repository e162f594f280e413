import CommandLanguage
import Metrics
import TextFormatting

extension CommandContext {
  /// Prints a results table: as text, columns of numbers are right-aligned even when their cells
  /// carry a best-value `*` (unmarked cells end in a blank so the digits line up) or thousands
  /// separators; after `format json` those cells become plain JSON numbers where they can.
  func printTable(_ table: ScoreTable, _ out: CommandOutput) {
    if out.json { return printTable(table.header, table.rows, out) }
    let columns = table.header.indices.map { c in table.rows.map { c < $0.count ? $0[c] : "" } }
    let alignments = columns.map { cells -> TextTable.Alignment in
      let filled = cells.filter { !$0.isEmpty }
      return !filled.isEmpty && filled.allSatisfy(CommandContext.isDisplayedNumber) ? .right : .left
    }
    out.line(TextTable(header: table.header, rows: table.rows, alignments: alignments, maxWidth: out.width).render())
  }

  /// Whether a cell shows a number: `0.781`, `0.781*`, `0.770 `, `80,512`, `85.2%`, `3.0e-3`.
  static func isDisplayedNumber(_ cell: String) -> Bool {
    var body = plainNumber(cell)
    if body.hasSuffix("*") || body.hasSuffix("%") { body.removeLast() }
    return Double(body) != nil
  }

  /// `cell` without trailing blanks, and without thousands separators when it is a grouped whole
  /// number (`80,512` → `80512`); other cells unchanged.
  static func plainNumber(_ cell: String) -> String {
    var text = cell
    while text.last == " " { text.removeLast() }
    return TextTable.withoutThousandsSeparators(text)
  }
}
