/// HTML leftovers in review text: line-break tags, other tags and character entities.
public enum HTMLText {
  /// Named entities we decode (the ones seen in review data), by name.
  static let named: [String: UInt32] = [
    "quot": 34, "amp": 38, "apos": 39, "lt": 60, "gt": 62, "nbsp": 32, "mdash": 0x2014, "ndash": 0x2013,
    "hellip": 0x2026, "rsquo": 39, "lsquo": 39, "rdquo": 0x201D, "ldquo": 0x201C, "eacute": 0xE9,
    "copy": 0xA9, "reg": 0xAE, "trade": 0x2122,
  ]

  /// `text` with entities decoded (`&quot;` → `"`, `&#8217;` → `’`); unknown entities are kept.
  public static func decodeEntities(_ text: String) -> String {
    guard text.utf8.contains(38) else { return text }
    var out = [UInt8]()
    var copy = text
    copy.withUTF8 { bytes in
      var i = 0
      while i < bytes.count {
        if bytes[i] == 38, let (scalar, length) = entity(bytes, at: i) {
          appendScalar(scalar, to: &out)
          i += length
        } else {
          out.append(bytes[i])
          i += 1
        }
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `bytes` holds `<`, `&` or a `’`/`‘` lead byte, so that `clean` could change it.
  static func mayNeedCleaning(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes where b == 60 || b == 38 || b == 0xE2 { return true }
    return false
  }

  /// Appends `bytes` with tags turned into a blank, entities decoded and `’`/`‘` turned into `'`.
  static func clean(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
    let n = bytes.count
    var i = 0
    while i < n {
      let b = bytes[i]
      if b == 60, let end = tagEnd(bytes, at: i) {
        out.append(32)
        i = end
      } else if b == 38, let (scalar, length) = entity(bytes, at: i) {
        if scalar == 0x2019 || scalar == 0x2018 { out.append(39) } else { appendScalar(scalar, to: &out) }
        i += length
      } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0x99 || bytes[i + 2] == 0x98 {
        out.append(39)
        i += 3
      } else {
        out.append(b)
        i += 1
      }
    }
  }

  /// The offset just past a tag such as `<br />`, `</p>` or `<i>` starting at `i`, if one does.
  static func tagEnd(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
    guard i + 2 < bytes.count else { return nil }
    let first = bytes[i + 1]
    let isLetter = (first >= 97 && first <= 122) || (first >= 65 && first <= 90)
    guard isLetter || first == 47 else { return nil }
    var j = i + 2
    let limit = min(bytes.count, i + 100)
    while j < limit {
      switch bytes[j] {
      case 62: return j + 1
      case 60, 10: return nil
      default: j += 1
      }
    }
    return nil
  }

  /// The scalar and byte length of the entity starting at `i` (`&…;`), if it is one we know.
  static func entity(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
    var j = i + 1
    let limit = min(bytes.count, i + 12)
    while j < limit && bytes[j] != 59 {
      let b = bytes[j]
      let ok = (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 35
      if !ok { return nil }
      j += 1
    }
    guard j < limit, j > i + 1 else { return nil }
    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)
    let value: UInt32?
    if name.hasPrefix("#x") || name.hasPrefix("#X") {
      value = UInt32(name.dropFirst(2), radix: 16)
    } else if name.hasPrefix("#") {
      value = UInt32(name.dropFirst())
    } else {
      value = named[name]
    }
    guard let value, value > 0, Unicode.Scalar(value) != nil else { return nil }
    return (value == 0xFEFF || value == 0xA0 ? 32 : value, j - i + 1)
  }

  static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
    guard let scalar = Unicode.Scalar(value) else { return }
    out.append(contentsOf: String(Character(scalar)).utf8)
  }

  /// `text` with every `<br />` (and `<br>`, `<br/>`) replaced by one blank.
  public static func replaceBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    var i = 0
    let n = bytes.count
    while i < n {
      if bytes[i] == 60, i + 3 < n, bytes[i + 1] | 32 == 98, bytes[i + 2] | 32 == 114,
        let end = tagEnd(bytes, at: i)
      {
        out.append(32)
        i = end
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
