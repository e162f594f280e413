/// A minimal JSON reader for one object per line: top-level string, number and boolean members
/// are returned as strings; nested arrays and objects are skipped.
struct JSONLine {
  let bytes: UnsafeBufferPointer<UInt8>
  var i: Int

  /// The object's scalar members, or a message saying what is malformed.
  static func members(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[String: String], JSONProblem> {
    var parser = JSONLine(bytes: bytes, i: 0)
    do { return .success(try parser.object()) } catch { return .failure(error) }
  }

  struct JSONProblem: Error {
    let message: String
  }

  mutating func skipBlanks() {
    while i < bytes.count && [32, 9, 13, 10].contains(bytes[i]) { i += 1 }
  }

  mutating func expect(_ b: UInt8, _ what: String) throws(JSONProblem) {
    skipBlanks()
    guard i < bytes.count && bytes[i] == b else { throw JSONProblem(message: "expected \(what)") }
    i += 1
  }

  mutating func object() throws(JSONProblem) -> [String: String] {
    try expect(123, "'{' (each line must be one JSON object)")
    var members: [String: String] = [:]
    skipBlanks()
    if i < bytes.count && bytes[i] == 125 {
      i += 1
      return members
    }
    while true {
      skipBlanks()
      let key = try string()
      try expect(58, "':' after a key")
      skipBlanks()
      if let value = try value() { members[key] = value }
      skipBlanks()
      guard i < bytes.count else { throw JSONProblem(message: "object is not closed") }
      if bytes[i] == 44 {
        i += 1
      } else if bytes[i] == 125 {
        i += 1
        skipBlanks()
        if i < bytes.count { throw JSONProblem(message: "text after the object") }
        return members
      } else {
        throw JSONProblem(message: "expected ',' or '}'")
      }
    }
  }

  /// A scalar as text, nil for null or a skipped array/object.
  mutating func value() throws(JSONProblem) -> String? {
    guard i < bytes.count else { throw JSONProblem(message: "missing value") }
    switch bytes[i] {
    case 34: return try string()
    case 123, 91:
      try skipNested()
      return nil
    default:
      let start = i
      while i < bytes.count && ![44, 125, 93, 32, 9, 13, 10].contains(bytes[i]) { i += 1 }
      let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
      if word == "null" { return nil }
      guard word == "true" || word == "false" || Double(word) != nil else {
        throw JSONProblem(message: "invalid value '\(word)'")
      }
      return word
    }
  }

  mutating func skipNested() throws(JSONProblem) {
    var depth = 0
    while i < bytes.count {
      switch bytes[i] {
      case 34:
        _ = try string()
        continue
      case 123, 91: depth += 1
      case 125, 93:
        depth -= 1
        if depth == 0 {
          i += 1
          return
        }
      default: break
      }
      i += 1
    }
    throw JSONProblem(message: "array or object is not closed")
  }

  /// A string with its escapes decoded (including `\uXXXX` and surrogate pairs).
  mutating func string() throws(JSONProblem) -> String {
    guard i < bytes.count && bytes[i] == 34 else { throw JSONProblem(message: "expected a string") }
    i += 1
    var out = [UInt8]()
    while i < bytes.count {
      let b = bytes[i]
      if b == 34 {
        i += 1
        return String(decoding: out, as: UTF8.self)
      }
      if b == 92 {
        try escape(into: &out)
      } else {
        out.append(b)
        i += 1
      }
    }
    throw JSONProblem(message: "string is not closed")
  }

  mutating func escape(into out: inout [UInt8]) throws(JSONProblem) {
    guard i + 1 < bytes.count else { throw JSONProblem(message: "bad escape") }
    let e = bytes[i + 1]
    i += 2
    switch e {
    case 110: out.append(10)
    case 116: out.append(9)
    case 114: out.append(13)
    case 98: out.append(8)
    case 102: out.append(12)
    case 117:
      var scalar = try hex4()
      if scalar >= 0xD800 && scalar < 0xDC00, i + 1 < bytes.count, bytes[i] == 92, bytes[i + 1] == 117 {
        i += 2
        let low = try hex4()
        scalar = 0x10000 &+ ((scalar &- 0xD800) << 10) &+ (low &- 0xDC00)
      }
      HTMLText.appendScalar(Unicode.Scalar(scalar) == nil ? 0xFFFD : scalar, to: &out)
    default: out.append(e)
    }
  }

  mutating func hex4() throws(JSONProblem) -> UInt32 {
    guard i + 4 <= bytes.count,
      let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + 4)]), as: UTF8.self), radix: 16)
    else { throw JSONProblem(message: "bad \\u escape") }
    i += 4
    return v
  }
}
