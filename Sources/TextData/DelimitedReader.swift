/// Splits a TSV or CSV file into records of fields with a byte loop.
///
/// CSV follows RFC 4180: a field may be quoted with `"`, a quoted field may hold the delimiter, line
/// breaks and `""` for a quote. TSV has no quoting (a `"` is an ordinary character, as in the UCI
/// files). Records end at LF or CRLF; blank lines are skipped.
struct DelimitedReader {
  /// One field: its byte range and whether it was quoted (then `""` must be unescaped).
  struct Field {
    var range: Range<Int>
    var quoted: Bool
  }

  let file: TextBytes
  let delimiter: UInt8
  let quoting: Bool

  /// Every record with the 1-based line it starts on; stops early when `body` returns false.
  func forEachRecord(_ body: ([Field], Int) throws(DataError) -> Bool) throws(DataError) {
    let bytes = file.bytes
    let n = bytes.count
    var i = 0
    var line = 1
    var fields: [Field] = []
    while i < n {
      try DataError.checkCancelled(line)
      let startLine = line
      fields.removeAll(keepingCapacity: true)
      var recordEnded = false
      while !recordEnded {
        if quoting && i < n && bytes[i] == 34 {
          let (field, next, lines) = try quotedField(from: i, line: line)
          fields.append(field)
          i = next
          line += lines
        } else {
          let start = i
          while i < n && bytes[i] != delimiter && bytes[i] != 10 { i += 1 }
          var end = i
          if end > start && bytes[end - 1] == 13 && (i == n || bytes[i] == 10) { end -= 1 }
          fields.append(Field(range: start..<end, quoted: false))
        }
        if i < n && bytes[i] == delimiter {
          i += 1
        } else {
          if i < n && bytes[i] == 13 { i += 1 }
          if i < n && bytes[i] == 10 { i += 1 }
          line += 1
          recordEnded = true
        }
      }
      let blank = fields.count == 1 && !fields[0].quoted && isBlank(fields[0].range)
      if !blank, try !body(fields, startLine) { return }
    }
  }

  private func isBlank(_ range: Range<Int>) -> Bool {
    file.bytes[range].allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
  }

  /// A quoted field starting at `start` (on the opening quote): the field, the offset after the
  /// closing quote, and how many line breaks it spanned.
  private func quotedField(from start: Int, line: Int) throws(DataError) -> (Field, Int, Int) {
    let bytes = file.bytes
    var i = start + 1
    var lines = 0
    while i < bytes.count {
      if bytes[i] == 34 {
        if i + 1 < bytes.count && bytes[i + 1] == 34 {
          i += 2
          continue
        }
        let after = i + 1
        if after < bytes.count && ![delimiter, 10, 13].contains(bytes[after]) {
          throw DataError(
            "unexpected character after a closing quote (a quote inside a field is written \"\")",
            path: file.path, line: line + lines)
        }
        return (Field(range: (start + 1)..<i, quoted: true), after, lines)
      }
      if bytes[i] == 10 { lines += 1 }
      i += 1
    }
    throw DataError("quoted field is never closed", path: file.path, line: line)
  }

  /// The text of a field, trimmed of surrounding blanks, with `""` unescaped in quoted fields.
  func text(_ field: Field) -> String {
    var range = field.range
    let bytes = file.bytes
    while !range.isEmpty && (bytes[range.lowerBound] == 32 || bytes[range.lowerBound] == 9) {
      range = (range.lowerBound + 1)..<range.upperBound
    }
    while !range.isEmpty && [32, 9, 13].contains(bytes[range.upperBound - 1]) {
      range = range.lowerBound..<(range.upperBound - 1)
    }
    let s = file.string(range)
    return field.quoted && s.utf8.contains(34) ? s.replacingQuotePairs() : s
  }
}

extension String {
  /// `""` → `"`.
  fileprivate func replacingQuotePairs() -> String {
    var out = [UInt8]()
    var previousQuote = false
    for b in utf8 {
      if b == 34 && previousQuote {
        previousQuote = false
        continue
      }
      previousQuote = b == 34
      out.append(b)
    }
    return String(decoding: out, as: UTF8.self)
  }
}
