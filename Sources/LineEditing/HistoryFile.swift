import CLibEdit

#if canImport(Glibc)
  import Glibc
#endif

/// The persistent history: `$XDG_STATE_HOME/repl/history` (default `~/.local/state/repl/history`),
/// mode 0600, in libedit's format (a `_HiStOrY_V2_` line, then one entry a line with blanks and
/// backslashes escaped as `\040` and `\\`).
///
/// Every command is appended as it is entered, under an exclusive `flock`, so sessions running at
/// the same time all keep their lines. When the file grows past `maxBytes` the appending session
/// rewrites it (still under the lock; to a temporary file renamed over it) keeping the newest
/// `maxEntries` entries that fit in half of `maxBytes`.
public struct HistoryFile: Sendable {
  /// The file's path.
  public let path: String
  /// The size past which the file is cut back.
  public let maxBytes: Int
  /// The most entries kept when the file is cut back.
  public let maxEntries: Int

  /// The first line of a libedit history file.
  static let cookie = "_HiStOrY_V2_"

  /// The history at `path`, capped at `maxBytes` and `maxEntries`.
  public init(path: String, maxBytes: Int = 256 * 1024, maxEntries: Int = 2000) {
    self.path = path
    self.maxBytes = maxBytes
    self.maxEntries = maxEntries
  }

  /// The standard location from the environment, or nil when neither XDG_STATE_HOME nor HOME is set.
  public static func standard() -> HistoryFile? {
    if let state = env("XDG_STATE_HOME"), !state.isEmpty { return HistoryFile(path: state + "/repl/history") }
    guard let home = env("HOME"), !home.isEmpty else { return nil }
    return HistoryFile(path: home + "/.local/state/repl/history")
  }

  /// Loads the entries into libedit (a missing file is an empty history).
  func load() { _ = read_history(path) }

  /// Appends one entry; failures are silent (history is a convenience, never an error).
  public func append(_ entry: String) {
    makeFolders(for: path)
    guard let fd = lockedDescriptor() else { return }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return }
    let header = info.st_size == 0 ? HistoryFile.cookie + "\n" : ""
    HistoryFile.writeAll(fd, header + HistoryFile.encode(entry) + "\n")
    if Int(info.st_size) > maxBytes { compact(fd) }
  }

  /// The entries in the file, decoded (for tests and for cutting the file back).
  public func entries() -> [String] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return [] }
    defer { close(fd) }
    return HistoryFile.entries(in: HistoryFile.readAll(fd))
  }

  /// The file opened for appending and locked, reopened when another session replaced it meanwhile.
  private func lockedDescriptor() -> Int32? {
    for _ in 0..<8 {
      let fd = open(path, O_RDWR | O_APPEND | O_CREAT, 0o600)
      guard fd >= 0 else { return nil }
      fchmod(fd, 0o600)
      var held = stat()
      var named = stat()
      if flock(fd, LOCK_EX) == 0, fstat(fd, &held) == 0, stat(path, &named) == 0,
        held.st_ino == named.st_ino && held.st_dev == named.st_dev
      {
        return fd
      }
      close(fd)
    }
    return nil
  }

  /// Rewrites the file with its newest entries (the caller holds the lock on `fd`).
  private func compact(_ fd: Int32) {
    var kept: [String] = []
    var size = HistoryFile.cookie.utf8.count + 1
    for entry in HistoryFile.entries(in: HistoryFile.readAll(fd)).reversed() {
      let line = HistoryFile.encode(entry) + "\n"
      guard kept.count < maxEntries, size + line.utf8.count <= maxBytes / 2 else { break }
      kept.append(line)
      size += line.utf8.count
    }
    let temp = path + ".tmp\(getpid())"
    let out = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard out >= 0 else { return }
    let complete = HistoryFile.writeAll(out, HistoryFile.cookie + "\n" + kept.reversed().joined())
    close(out)
    if !complete || rename(temp, path) != 0 { unlink(temp) }
  }

  /// The decoded entries of a file's text (the cookie line skipped).
  static func entries(in text: String) -> [String] {
    text.split(separator: "\n").filter { $0 != cookie }.map { decode(String($0)) }
  }

  /// `entry` escaped as libedit writes it: blanks, control characters and `\` as escapes.
  static func encode(_ entry: String) -> String {
    var bytes: [UInt8] = []
    for byte in entry.utf8 {
      switch byte {
      case UInt8(ascii: "\\"): bytes += [byte, byte]
      case 0...32, 127:
        bytes += [UInt8(ascii: "\\"), 48 + byte / 64, 48 + byte / 8 % 8, 48 + byte % 8]
      default: bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The inverse of `encode` (also reads `\n`, `\t` and `\s` as libedit's reader does).
  static func decode(_ line: String) -> String {
    var bytes: [UInt8] = []
    var input = Array(line.utf8)[...]
    while let byte = input.popFirst() {
      guard byte == UInt8(ascii: "\\"), let next = input.first else {
        bytes.append(byte)
        continue
      }
      let digits = input.prefix(3)
      if digits.count == 3, digits.allSatisfy({ (48...55).contains($0) }) {
        bytes.append(digits.reduce(0) { $0 &* 8 &+ ($1 - 48) })
        input = input.dropFirst(3)
        continue
      }
      input = input.dropFirst()
      switch next {
      case UInt8(ascii: "n"): bytes.append(10)
      case UInt8(ascii: "t"): bytes.append(9)
      case UInt8(ascii: "s"): bytes.append(32)
      default: bytes.append(next)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The whole file behind `fd`, read from its start.
  static func readAll(_ fd: Int32) -> String {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    var offset: off_t = 0
    while true {
      let n = pread(fd, &chunk, chunk.count, offset)
      guard n > 0 else { break }
      bytes.append(contentsOf: chunk[0..<n])
      offset += off_t(n)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Writes every byte of `text`; false when the disk refused some.
  @discardableResult
  static func writeAll(_ fd: Int32, _ text: String) -> Bool {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n <= 0 { return false }
      bytes = bytes.dropFirst(n)
    }
    return true
  }

  /// Creates every missing folder above `file` (mode 0700).
  private func makeFolders(for file: String) {
    var folder = ""
    for part in file.split(separator: "/").dropLast() {
      folder += "/" + part
      mkdir(folder, 0o700)
    }
  }
}

/// An environment variable's value.
func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
