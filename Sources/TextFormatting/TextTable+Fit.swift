extension TextTable {
  /// The rows (header first) as physical lines of cells that fit `maxWidth`: a text last column is
  /// wrapped at blanks under itself; otherwise the widest text columns are abbreviated with `…`.
  /// Numbers are never cut. `widths` is narrowed to match.
  func fitted(_ rows: [[String]], _ widths: inout [Int], _ aligns: [Alignment], indent: Int) -> [[[String]]] {
    let unfitted = rows.map { [$0] }
    guard let maxWidth, !widths.isEmpty else { return unfitted }
    func total() -> Int { indent + widths.reduce(0, +) + gap * (widths.count - 1) }
    guard total() > maxWidth else { return unfitted }
    let last = widths.count - 1
    if aligns[last] == .left {
      // Give a text last column room to wrap, abbreviating the other text columns if need be.
      let wanted = min(widths[last], 30)
      while maxWidth - (total() - widths[last]) < wanted,
        let widest = (0..<last).filter({ aligns[$0] == .left && widths[$0] > 8 }).max(by: { widths[$0] < widths[$1] })
      {
        widths[widest] -= 1
      }
      let room = maxWidth - (total() - widths[last])
      if room >= TextTable.narrowestWrap {
        widths[last] = min(widths[last], room)
        return rows.map { row in
          let cut = row.enumerated().map { $0 == last ? $1 : TextTable.abbreviated($1, widths[$0]) }
          return TextTable.wrapped(row[last], width: widths[last]).enumerated().map { i, piece in
            (i == 0 ? Array(cut.dropLast()) : Array(repeating: "", count: last)) + [piece]
          }
        }
      }
    }
    while total() > maxWidth,
      let widest = widths.indices.filter({ aligns[$0] == .left && widths[$0] > 6 })
        .max(by: { widths[$0] < widths[$1] })
    {
      widths[widest] -= 1
    }
    return rows.map { row in [row.enumerated().map { TextTable.abbreviated($1, widths[$0]) }] }
  }

  /// A text column is wrapped only when it keeps at least this many columns.
  static let narrowestWrap = 16

  /// `text` cut to `width` characters, ending in `…` when cut.
  static func abbreviated(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(max(width - 1, 0))) + "…"
  }

  /// `text` broken at blanks into lines of at most `width` characters; a word longer than a line
  /// is split. Never empty: a blank text gives one empty line.
  public static func wrapped(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for var word in text.split(separator: " ").map(String.init) {
      if !current.isEmpty && current.count + 1 + word.count > width {
        lines.append(current)
        current = ""
      }
      while current.isEmpty && word.count > width {
        lines.append(String(word.prefix(width)))
        word = String(word.dropFirst(width))
      }
      current += (current.isEmpty ? "" : " ") + word
    }
    if !current.isEmpty || lines.isEmpty { lines.append(current) }
    return lines
  }

  /// Lines of text fitted to `width`: a longer line is wrapped, its continuation lines indented to
  /// where its last column starts (after its last run of two blanks) or else two past its indent.
  public static func fitting(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
      .flatMap { fitting(line: String($0), width: width) }.joined(separator: "\n")
  }

  /// One line fitted to `width` (see `fitting(_:width:)`).
  static func fitting(line: String, width: Int) -> [String] {
    guard line.count > width else { return [line] }
    let characters = Array(line)
    let indent = characters.prefix { $0 == " " }.count
    var hang = indent + 2
    for i in stride(from: characters.count - 1, to: indent + 1, by: -1)
    where characters[i] != " " && characters[i - 1] == " " && characters[i - 2] == " " {
      hang = i
      break
    }
    if width - hang < TextTable.narrowestWrap { hang = min(indent + 2, max(width - TextTable.narrowestWrap, 0)) }
    let head = String(characters.prefix(hang))
    let pieces = wrapped(String(characters.dropFirst(hang)), width: width - hang)
    return pieces.enumerated().map { i, piece in
      let line = (i == 0 ? head : String(repeating: " ", count: hang)) + piece
      return String(line.reversed().drop { $0 == " " }.reversed())
    }
  }
}
