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
