import Schema

extension DataLoader {
  /// Column names that are taken as the text or the label when `text=`/`label=` are not given.
  static let textColumnNames = ["text", "sentence", "review", "content", "body", "comment", "document"]
  static let labelColumnNames = [
    "label", "sentiment", "class", "polarity", "score", "rating", "target", "category", "y",
  ]

  /// One record: its fields and the line it starts on.
  typealias Record = (fields: [DelimitedReader.Field], line: Int)

  /// A TSV, CSV or UCI sentiment file as a dataset.
  func loadDelimited(_ path: String, format: DataFormat) throws(DataError) -> Dataset {
    let file = try read(path)
    let reader = DelimitedReader(file: file, delimiter: format == .csv ? 44 : 9, quoting: format == .csv)
    let records = try readRecords(reader)
    let hasHeader =
      options.header ?? (namedInFirstRow(records[0], reader) || detectHeader(records.map(\.fields), reader))
    let width = records[0].fields.count
    let names = hasHeader ? records[0].fields.map { reader.text($0) } : (0..<width).map { "column \($0)" }
    var rows = records[(hasHeader ? 1 : 0)...]
    if let limit = options.limit { rows = rows.prefix(limit) }
    guard !rows.isEmpty else { throw DataError("header row only, no examples", path: path) }
    let textColumn =
      try column(options.textColumn, role: "text", names: names, hasHeader: hasHeader, path: path)
      ?? guessTextColumn(names, rows.map(\.fields), reader)
    var labelColumn = try column(options.labelColumn, role: "label", names: names, hasHeader: hasHeader, path: path)
    if labelColumn == nil && options.labelColumn == nil {
      labelColumn = try guessLabelColumn(names, textColumn: textColumn, path: path)
    }
    let texts = rows.map { reader.text($0.fields[textColumn]) }
    let source = "\(format.rawValue) \(path)"
    guard let labelColumn else {
      return Dataset(examples: texts.map { Example(text: $0, label: nil) }, labelNames: [], source: source)
    }
    let labels = try rows.map { (row) throws(DataError) in
      try label(
        reader.text(row.fields[labelColumn]), column: names[labelColumn], format: format, path: path, line: row.line)
    }
    return try LabelSet.dataset(texts: texts, labels: labels, source: source, path: path)
  }

  /// Every record up to `limit` (+1 for a header), all of the first record's width.
  private func readRecords(_ reader: DelimitedReader) throws(DataError) -> [Record] {
    var records: [Record] = []
    let wanted = options.limit.map { $0 + 1 } ?? Int.max
    try reader.forEachRecord { (fields, line) throws(DataError) in
      records.append((fields, line))
      return records.count < wanted
    }
    let path = reader.file.path
    guard let first = records.first else { throw DataError("empty file (no rows)", path: path) }
    for (fields, line) in records where fields.count != first.fields.count {
      throw DataError(
        "row has \(fields.count) fields, expected \(first.fields.count) as in line \(first.line)", path: path,
        line: line)
    }
    return records
  }

  /// Whether `text=` or `label=` names (not indexes) a cell of the first record.
  private func namedInFirstRow(_ first: Record, _ reader: DelimitedReader) -> Bool {
    let cells = first.fields.map { reader.text($0).lowercased() }
    return [options.textColumn, options.labelColumn].contains {
      guard let spec = $0, Int(spec) == nil else { return false }
      return cells.contains(spec.lowercased())
    }
  }

  /// A label cell checked (not empty; 0 or 1 for UCI, which become `neg` and `pos`).
  private func label(_ raw: String, column: String, format: DataFormat, path: String, line: Int) throws(DataError)
    -> String
  {
    if raw.isEmpty { throw DataError("empty label in column '\(column)'", path: path, line: line) }
    guard format == .uci else { return raw }
    guard raw == "0" || raw == "1" else {
      throw DataError("UCI sentiment label must be 0 or 1, got '\(raw)'", path: path, line: line)
    }
    return raw == "1" ? "pos" : "neg"
  }

  /// The first row is a header when every cell is a short identifier-like word and, per column, its
  /// value does not occur again in the next rows.
  func detectHeader(_ records: [[DelimitedReader.Field]], _ reader: DelimitedReader) -> Bool {
    guard let first = records.first else { return false }
    let cells = first.map { reader.text($0) }
    guard cells.allSatisfy(DataLoader.looksLikeName) else { return false }
    for row in records.dropFirst().prefix(50) {
      for (k, field) in row.enumerated() where k < cells.count && reader.text(field) == cells[k] { return false }
    }
    return true
  }

  static func looksLikeName(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, s.utf8.count <= 32, first.properties.isAlphabetic else {
      return false
    }
    return s.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_- ".unicodeScalars.contains($0)
    }
  }

  /// The column `spec` names (a header name, case-insensitive, or a 0-based index), or nil when no spec.
  func column(_ spec: String?, role: String, names: [String], hasHeader: Bool, path: String) throws(DataError) -> Int? {
    guard let spec else { return nil }
    if let i = Int(spec) {
      guard i >= 0 && i < names.count else {
        throw DataError(
          "\(role)=\(spec): no column \(i); the file has \(names.count) columns (0 to \(names.count - 1))", path: path)
      }
      return i
    }
    if let i = names.firstIndex(where: { $0.lowercased() == spec.lowercased() }) { return i }
    let hint = suggestion(for: spec, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    let columns =
      hasHeader ? "columns: \(names.joined(separator: ", "))" : "the file has no header row; use a 0-based index"
    throw DataError("no \(role) column '\(spec)'\(hint); \(columns)", path: path)
  }

  /// A header name from the usual text names, a single column, or the column with the longest cells.
  func guessTextColumn(_ names: [String], _ rows: [[DelimitedReader.Field]], _ reader: DelimitedReader) -> Int {
    if let i = names.firstIndex(where: { DataLoader.textColumnNames.contains($0.lowercased()) }) { return i }
    var best = 0
    var bestLength = -1
    for k in 0..<names.count {
      let length = rows.prefix(200).reduce(0) { $0 + $1[k].range.count }
      if length > bestLength {
        best = k
        bestLength = length
      }
    }
    return best
  }

  /// A header name from the usual label names, else the other column of a two-column file; a file of
  /// one column is unlabeled; anything else must say `label=`.
  func guessLabelColumn(_ names: [String], textColumn: Int, path: String) throws(DataError) -> Int? {
    if let i = names.firstIndex(where: { DataLoader.labelColumnNames.contains($0.lowercased()) }), i != textColumn {
      return i
    }
    if names.count == 1 { return nil }
    if names.count == 2 { return 1 - textColumn }
    throw DataError(
      "cannot tell which column holds the label; say label=NAME or label=INDEX (columns: \(names.joined(separator: ", ")))",
      path: path)
  }
}
