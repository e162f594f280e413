import CLibEdit

#if canImport(Glibc)
  import Glibc
#endif

/// Installs `handler` for signal `sig` without restarting interrupted reads (Ctrl-C at the prompt
/// then ends the read with `.interrupted`).
public func installSignalHandler(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
  _ = repl_on_signal(sig, handler)
}

/// Whether standard input is a terminal.
public var standardInputIsTerminal: Bool { isatty(0) != 0 }

/// Whether standard output is a terminal.
public var standardOutputIsTerminal: Bool { isatty(1) != 0 }

/// The width in columns of the terminal on `fd`, or nil when `fd` is not a terminal (or says 0).
public func terminalColumns(_ fd: Int32) -> Int? {
  var size = winsize()
  guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
  return Int(size.ws_col)
}
