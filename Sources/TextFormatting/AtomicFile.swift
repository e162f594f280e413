#if canImport(Glibc)
  import Glibc
#endif

/// Why `AtomicFile.write` failed: the target path and the system's reason (`strerror`, as written).
public struct AtomicWriteError: Error, Sendable, Equatable {
  /// The file that was to be written.
  public let path: String
  /// The system's text for the failure ("No such file or directory").
  public let reason: String
}

/// Whole-file writes that a reader sees either not at all or complete.
public enum AtomicFile {
  /// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, then rename
  /// (and an fsync of the folder), so a reader sees either the old file or the complete new one.
  /// On failure the temporary file is removed and `path` is unchanged.
  public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(AtomicWriteError) {
    let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let temp = (folder.isEmpty ? "" : folder + "/") + ".\(base).tmp-\(getpid())"
    let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, mode)
    if fd < 0 { throw failure(path) }
    guard writeAll(bytes, to: fd) else {
      let error = failure(path)
      close(fd)
      unlink(temp)
      throw error
    }
    let synced = fsync(fd) == 0
    close(fd)
    if !synced || rename(temp, path) != 0 {
      let error = failure(path)
      unlink(temp)
      throw error
    }
    syncFolder(folder.isEmpty ? "/" : folder)
  }

  /// Writes `text` as UTF-8 to `path` atomically (see `write(_:to:mode:)`).
  public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(AtomicWriteError) {
    try write(Array(text.utf8), to: path, mode: mode)
  }

  /// Writes every byte to `fd`; false on the first failed or empty write.
  private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.write(fd, base + done, bytes.count - done)
      }
      if n <= 0 { return false }
      done += n
    }
    return true
  }

  /// Makes a rename inside `folder` durable.
  private static func syncFolder(_ folder: String) {
    let dir = open(folder, O_RDONLY)
    guard dir >= 0 else { return }
    _ = fsync(dir)
    close(dir)
  }

  /// The error for `path` from the current `errno`.
  private static func failure(_ path: String) -> AtomicWriteError {
    AtomicWriteError(path: path, reason: strerror(errno).map { String(cString: $0) } ?? "error \(errno)")
  }
}
