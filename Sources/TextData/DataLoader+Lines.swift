import Schema

extension DataLoader {
  /// Calls `body` with each non-blank line's byte range and 1-based number; stops when it returns false.
  static func forEachLine(_ file: TextBytes, _ body: (Range<Int>, Int) throws(DataError) -> Bool) throws(DataError) {
    let bytes = file.bytes
    var start = 0
    var line = 1
    while start < bytes.count {
      try DataError.checkCancelled(line)
      var end = start
      while end < bytes.count && bytes[end] != 10 { end += 1 }
      var stop = end
      if stop > start && bytes[stop - 1] == 13 { stop -= 1 }
      if bytes[start..<stop].contains(where: { $0 > 32 }), try !body(start..<stop, line) { return }
      start = end + 1
      line += 1
    }
  }

  /// Plain text: one unlabeled document per non-blank line.
  func loadLines(_ path: String) throws(DataError) -> Dataset {
    let file = try read(path)
    var examples: [Example] = []
    let limit = options.limit ?? Int.max
    try DataLoader.forEachLine(file) { (range, _) throws(DataError) in
      examples.append(Example(text: file.string(range).trimmed, label: nil))
      return examples.count < limit
    }
    guard !examples.isEmpty else { throw DataError("empty file", path: path) }
    return Dataset(examples: examples, labelNames: [], source: "text \(path)")
  }

  /// JSON lines: one object per line with a text field (`text=`, default `text` or another usual
  /// name) and an optional label field (`label=`, default `label` or another usual name).
  func loadJSONLines(_ path: String) throws(DataError) -> Dataset {
    let file = try read(path)
    var texts: [String] = []
    var labels: [String] = []
    var textKey = options.textColumn
    var labelKey = options.labelColumn
    let limit = options.limit ?? Int.max
    try DataLoader.forEachLine(file) { (range, line) throws(DataError) in
      let members = try file.bytes.withUnsafeBufferPointer { (p) throws(DataError) -> [String: String] in
        switch JSONLine.members(UnsafeBufferPointer(rebasing: p[range])) {
        case .success(let m): return m
        case .failure(let problem): throw DataError("invalid JSON: \(problem.message)", path: path, line: line)
        }
      }
      if texts.isEmpty {
        textKey = textKey ?? DataLoader.textColumnNames.first { members[$0] != nil }
        labelKey = labelKey ?? DataLoader.labelColumnNames.first { members[$0] != nil }
      }
      guard let key = textKey, let text = members[key] else {
        let keys = members.keys.sorted()
        let hint = textKey.flatMap { suggestion(for: $0, among: keys) }.map { " (did you mean '\($0)'?)" } ?? ""
        throw DataError(
          "no text field '\(textKey ?? "text")'\(hint); fields: \(keys.joined(separator: ", ")) (choose one with text=)",
          path: path, line: line)
      }
      texts.append(text)
      if let key = labelKey {
        guard let label = members[key] else {
          let hint = suggestion(for: key, among: members.keys.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
          throw DataError("no label field '\(key)'\(hint)", path: path, line: line)
        }
        labels.append(label)
      }
      return texts.count < limit
    }
    guard !texts.isEmpty else { throw DataError("empty file", path: path) }
    let source = "jsonl \(path)"
    guard labelKey != nil else {
      return Dataset(examples: texts.map { Example(text: $0, label: nil) }, labelNames: [], source: source)
    }
    return try LabelSet.dataset(texts: texts, labels: labels, source: source, path: path)
  }
}
