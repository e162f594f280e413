import LineEditing

#if canImport(Glibc)
  import Glibc
#endif

/// Writing to the terminal or pipe: plain `write(2)` calls, so output from the engine, libedit and
/// the driver never interleave out of order, with optional red `error:` lines and a transient
/// progress line that is cleared before any other output.
final class Console {
  /// Whether colour codes are written.
  let colour: Bool
  /// Whether colour codes are written to standard error (with `auto`, only when it is a terminal).
  let colourErrors: Bool
  /// Whether a progress line is on screen.
  private var progressShown = false

  /// Decides colour from `--color`, NO_COLOR, TERM and whether stdin and stdout are terminals.
  init(choice: ColorChoice) {
    switch choice {
    case .always: colour = true
    case .never: colour = false
    case .auto:
      let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
      let term = getenv("TERM").map { String(cString: $0) } ?? ""
      colour = noColor.isEmpty && term != "dumb" && standardInputIsTerminal && standardOutputIsTerminal
    }
    colourErrors = colour && (choice == .always || isatty(2) != 0)
  }

  /// Writes results to standard output, colouring error lines (those of a `--check` report).
  func out(_ text: String) {
    clearProgress()
    Console.write(1, coloured(text, colour))
  }

  /// Writes errors, warnings and notes to standard error, colouring error lines.
  func err(_ text: String) {
    clearProgress()
    Console.write(2, coloured(text, colourErrors))
  }

  /// `text` with every line holding `error: ` in red when `on`.
  private func coloured(_ text: String, _ on: Bool) -> String {
    guard on, text.contains("error: ") else { return text }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.contains("error: ") ? "\u{1B}[31m\(line)\u{1B}[0m" : String(line)
    }
    return lines.joined(separator: "\n")
  }

  /// A transient progress line on standard error, overwritten by the next one: cut to one column
  /// less than the terminal's width, so it never wraps and always redraws one line.
  func progress(_ text: String) {
    progressShown = true
    let columns = terminalColumns(2) ?? 80
    Console.write(2, "\r\u{1B}[K" + String(text.prefix(max(columns - 1, 1))))
  }

  /// Clears the progress line, if one is shown.
  func clearProgress() {
    guard progressShown else { return }
    progressShown = false
    Console.write(2, "\r\u{1B}[K")
  }

  /// Writes every byte of `text` to file descriptor `fd`.
  static func write(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
      if n <= 0 { return }
      bytes = bytes.dropFirst(n)
    }
  }
}
