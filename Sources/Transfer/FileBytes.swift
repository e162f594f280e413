import TextFormatting

#if canImport(Glibc)
  import Glibc
#endif

/// Whole-file reads and atomic writes through POSIX calls.
enum FileBytes {
  /// The bytes of the file at `path`; files larger than `limit` are refused before reading.
  static func read(_ path: String, limit: Int) throws(TransferError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    if fd < 0 { throw TransferError("cannot open '\(path)': \(errnoText())") }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) != 0 { throw TransferError("cannot read '\(path)': \(errnoText())") }
    if (info.st_mode & S_IFMT) == S_IFDIR { throw TransferError("'\(path)' is a folder, not a file") }
    let size = Int(info.st_size)
    if size > limit { throw TransferError("'\(path)' is too large (\(size) bytes; the limit is \(limit))") }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
      let n = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.read(fd, base + done, size - done)
      }
      if n < 0 { throw TransferError("cannot read '\(path)': \(errnoText())") }
      if n == 0 { break }
      done += n
    }
    return done == size ? bytes : Array(bytes.prefix(done))
  }

  /// Writes `bytes` to `path` atomically (`AtomicFile.write`): a reader sees either the old file or
  /// the complete new one.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(TransferError) {
    do {
      try AtomicFile.write(bytes, to: path)
    } catch {
      throw TransferError("cannot write '\(path)': \(error.reason)")
    }
  }

  private static func errnoText() -> String { String(cString: strerror(errno)) }
}
