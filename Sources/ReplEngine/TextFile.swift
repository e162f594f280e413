import TextData
import TextFormatting

#if canImport(Glibc)
  import Glibc
#endif

/// Reading and writing whole text files with one-line errors (no Foundation needed).
public enum TextFile {
  /// The file's text without a leading UTF-8 byte-order mark; an error says why it cannot be used
  /// (missing, a folder, unreadable, binary).
  public static func read(_ path: String) throws(ReplError) -> String {
    let bytes = ByteOrderMark.stripped(try bytes(path))
    guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
      throw ReplError("\(path): is a binary file, not UTF-8 text")
    }
    return text
  }

  /// The file's bytes; an error says why it cannot be read (missing, a folder, unreadable).
  public static func bytes(_ path: String) throws(ReplError) -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else { throw ReplError("\(path): \(systemError())") }
    guard (info.st_mode & S_IFMT) != S_IFDIR else { throw ReplError("\(path): is a folder, not a file") }
    guard let file = fopen(path, "rb") else { throw ReplError("\(path): \(systemError())") }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, file)
      if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
      if n < buffer.count { break }
    }
    guard ferror(file) == 0 else { throw ReplError("\(path): cannot be read") }
    return bytes
  }

  /// Writes `text` atomically (`AtomicFile.write`): a reader sees the old file or the new one.
  public static func write(_ path: String, _ text: String, mode: mode_t = 0o644) throws(ReplError) {
    do {
      try AtomicFile.write(text, to: path, mode: mode)
    } catch {
      throw ReplError("cannot write \(path): \(error.reason.lowercased())")
    }
  }

  /// The text of `errno` in lower case ("no such file or directory").
  static func systemError() -> String {
    guard let s = strerror(errno) else { return "error \(errno)" }
    return String(cString: s).lowercased()
  }
}

/// `TextFile.write` for handlers.
func writeFile(_ path: String, _ text: String) throws { try TextFile.write(path, text) }
