import CLibEdit

#if canImport(Glibc)
  import Glibc
#endif

/// The persistent history: `$XDG_STATE_HOME/repl/history` (default `~/.local/state/repl/history`),
/// mode 0600, written to a temporary file and renamed so a crash never leaves half a file.
public struct HistoryFile: Sendable {
  /// The file's path.
  public let path: String

  /// The history at `path`.
  public init(path: String) { self.path = path }

  /// The standard location from the environment, or nil when neither XDG_STATE_HOME nor HOME is set.
  public static func standard() -> HistoryFile? {
    if let state = env("XDG_STATE_HOME"), !state.isEmpty { return HistoryFile(path: state + "/repl/history") }
    guard let home = env("HOME"), !home.isEmpty else { return nil }
    return HistoryFile(path: home + "/.local/state/repl/history")
  }

  /// Loads the entries into libedit (a missing file is an empty history).
  func load() { _ = read_history(path) }

  /// Writes libedit's history atomically with mode 0600, creating the folder if needed.
  func save() {
    makeFolders(for: path)
    let temp = path + ".tmp\(getpid())"
    let old = umask(0o077)
    defer { umask(old) }
    guard write_history(temp) == 0 else {
      unlink(temp)
      return
    }
    chmod(temp, 0o600)
    if rename(temp, path) != 0 { unlink(temp) }
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
