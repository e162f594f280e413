#if canImport(Glibc)
  import Glibc
#endif

/// A whole file read as bytes, checked once as UTF-8, with helpers to locate a byte offset by line.
///
/// Loaders parse `bytes` with byte loops and only build a `String` per field they keep.
public struct TextBytes: Sendable {
  /// The path it was read from (as given, for messages).
  public let path: String
  /// The file's bytes; valid UTF-8 after `read` (invalid sequences replaced when asked to).
  public let bytes: [UInt8]

  /// Wraps bytes that are already valid UTF-8 (tests, in-memory data).
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }

  /// Reads `path`; invalid UTF-8 is an error naming FILE:LINE unless `replaceInvalid` (then U+FFFD).
  /// A leading UTF-8 byte-order mark is dropped. Messages name `displayPath` (the path as the user
  /// wrote it) when given.
  public static func read(_ path: String, replaceInvalid: Bool = false, displayPath: String? = nil)
    throws(DataError) -> TextBytes
  {
    var raw = try readBytes(path, displayPath: displayPath)
    ByteOrderMark.strip(&raw)
    let path = displayPath ?? path
    if let bad = firstInvalidUTF8(raw) {
      guard replaceInvalid else {
        throw DataError(
          "invalid UTF-8 byte 0x\(hex(raw[bad])) (use encoding=replace to substitute U+FFFD)",
          path: path, line: lineNumber(of: bad, in: raw))
      }
      return TextBytes(path: path, bytes: Array(String(decoding: raw, as: UTF8.self).utf8))
    }
    return TextBytes(path: path, bytes: raw)
  }

  /// The 1-based line that byte `offset` is on.
  public func line(of offset: Int) -> Int { TextBytes.lineNumber(of: offset, in: bytes) }

  /// The string for a byte range (the bytes are valid UTF-8).
  public func string(_ range: Range<Int>) -> String {
    bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
  }

  static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
    var line = 1
    for i in 0..<min(offset, bytes.count) where bytes[i] == 10 { line += 1 }
    return line
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
  }
}

extension TextBytes {
  /// The raw bytes of a file, with errors that name the path.
  public static func readBytes(_ path: String, displayPath: String? = nil) throws(DataError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    let path = displayPath ?? path
    guard fd >= 0 else { throw DataError(String(cString: strerror(errno)).lowercased(), path: path) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw DataError("cannot read file", path: path) }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw DataError("is a folder, not a file", path: path) }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var filled = 0
    while filled < bytes.count {
      let n = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.read(fd, base + filled, buffer.count - filled)
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      filled += n
    }
    if filled < bytes.count { bytes.removeLast(bytes.count - filled) }
    return bytes
  }

  /// The offset of the first byte that is not part of a valid UTF-8 sequence, or nil.
  public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { p -> Int? in
      var i = 0
      let n = p.count
      while i < n {
        let b = p[i]
        if b < 0x80 {
          i += 1
          continue
        }
        let width: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch b {
        case 0xC2...0xDF: width = 2
        case 0xE0:
          width = 3
          lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED:
          width = 3
          upper = 0x9F
        case 0xF0:
          width = 4
          lower = 0x90
        case 0xF1...0xF3: width = 4
        case 0xF4:
          width = 4
          upper = 0x8F
        default: return i
        }
        guard i + width <= n else { return i }
        if p[i + 1] < lower || p[i + 1] > upper { return i }
        var k = 2
        while k < width {
          if p[i + k] & 0xC0 != 0x80 { return i }
          k += 1
        }
        i += width
      }
      return nil
    }
  }
}
