import Foundation
import Testing

@testable import CommandLanguage
@testable import TextFormatting

@Suite struct TextTableTests {
  @Test func columnsAlignAndNumbersGoRight() {
    let table = TextTable(
      header: ["model", "accuracy", "loss"], rows: [["clf", "0.85", "0.31"], ["transferred", "0.9", "12.5"]])
    #expect(
      table.lines() == [
        "model        accuracy  loss",
        "-----------  --------  ----",
        "clf              0.85  0.31",
        "transferred       0.9  12.5",
      ])
  }

  @Test func indentShortRowsAndNoTrailingBlanks() {
    let table = TextTable(rows: [["a", "b", "c"], ["long"]], alignments: [.left, .left, .left])
    #expect(table.lines(indent: 2) == ["  a     b  c", "  long"])
    #expect(TextTable().lines().isEmpty)
  }

  @Test func noLineStartsWithAHash() {
    let table = TextTable(header: ["#", "word"], rows: [["1", "good"], ["#2", "bad"]], alignments: [.left, .left])
    for line in table.lines() { #expect(!line.hasPrefix("#"), "\(line)") }
    #expect(table.lines().count == 4)
  }

  @Test func recordsUseHeaderKeysAndTypedCells() {
    let table = TextTable(
      header: ["name", "n", "note", ""], rows: [["a \"b\"", "80,512", "1e-3", "0.781*"], ["c", "007", "x\ny"]])
    #expect(
      table.records.rendered
        == #"[{"name":"a \"b\"","n":80512,"note":1e-3,"":0.781},{"name":"c","n":"007","note":"x\ny","":null}]"#)
    #expect(TextTable(header: ["a"]).records.rendered == "[]")
    #expect(TextTable(rows: [["1", "x"]]).records.rendered == #"[[1,"x"]]"#)
    #expect(JSONValue.decimal("nan").rendered == "null")
  }

  @Test(arguments: [
    ("0", true), ("-1.5", true), ("2E+10", true), ("01", false), ("1.", false), (".5", false), ("nan", false),
    ("0x10", false), ("", false),
  ])
  func jsonNumberGrammar(_ text: String, _ isNumber: Bool) {
    #expect(TextTable.isJSONNumber(text) == isNumber)
  }

  @Test func aWideTableWrapsItsTextLastColumnToTheWidth() {
    let long = "a long explanation that goes on and on past the edge of any terminal window"
    let table = TextTable(
      header: ["key", "n", "meaning"], rows: [["lr", "3", long], ["seed", "12", "short"]], maxWidth: 40)
    let lines = table.lines()
    #expect(lines.allSatisfy { $0.count <= 40 }, "\(lines)")
    #expect(lines[2].hasPrefix("lr     3  a long explanation"))
    #expect(lines[3].hasPrefix("          ") && !lines[3].trimmingCharacters(in: .whitespaces).isEmpty)
    let words = lines.flatMap { $0.split(separator: " ") }
    #expect(long.split(separator: " ").allSatisfy { words.contains($0) }, "no word is lost")
    #expect(TextTable(header: ["key"], rows: [["x"]], maxWidth: 40).lines() == ["key", "---", "x"])
  }

  @Test func aWideTableWithANumberLastAbbreviatesTextButNeverNumbers() {
    let name = String(repeating: "n", count: 60)
    let table = TextTable(header: ["name", "loss"], rows: [[name, "0.123456789"]], maxWidth: 30)
    let lines = table.lines()
    #expect(lines.allSatisfy { $0.count <= 30 }, "\(lines)")
    #expect(lines[2].hasSuffix("…  0.123456789"))
  }

  @Test func fittingWrapsAnyLongLineUnderItsLastColumn() {
    let text = "  word     " + String(repeating: "meaning ", count: 12)
    let lines = TextTable.fitting(text, width: 40).split(separator: "\n")
    #expect(lines.count > 1 && lines.allSatisfy { $0.count <= 40 })
    #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 11) + "meaning") })
  }
}
