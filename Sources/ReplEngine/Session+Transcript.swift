extension Session {
  /// The session so far in the transcript format of docs/notebook-format.md, volatile values
  /// masked, so that the file replays with `repl --run FILE --check`. `clean` leaves out the commands
  /// that failed and their error output (`save transcript FILE clean=yes`).
  public func transcript(title: String = "A session recorded with repl", clean: Bool = false) -> String {
    let mask = VolatileMask(workingDirectory: workingDirectory)
    var text = "# \(title).\n# Replay it with: repl --run FILE --check\n\n"
    for entry in log where entry.succeeded || !clean {
      text += Session.transcriptCommand(entry.command)
      text += Session.transcriptLines(entry.output, mask: mask).map { $0 + "\n" }.joined()
    }
    return text
  }

  /// A command as a transcript holds it: its first line after `repl> `, each continuation line after
  /// `...> `, every line ending in a newline. Recording, `save transcript` and `--update` all use it.
  public static func transcriptCommand(_ typed: [String]) -> String {
    typed.enumerated().map { (i, line) in (i == 0 ? "repl> " : "...> ") + line + "\n" }.joined()
  }

  /// A command's output as a transcript holds it: volatile values masked, colour codes and
  /// trailing blanks dropped, and a line that would read as prose or a prompt indented by one
  /// space (the REPL never prints such lines; this is a guard). Recording and checking both use it.
  public static func transcriptLines(_ output: String, mask: VolatileMask) -> [String] {
    var lines = mask.mask(output).split(separator: "\n", omittingEmptySubsequences: false).map { line in
      var s = stripColour(String(line))
      while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
      return s
    }
    while lines.last == "" { lines.removeLast() }
    return lines.map { l in l.hasPrefix("#") || l.hasPrefix("repl>") || l.hasPrefix("...>") ? " " + l : l }
  }

  /// `text` without ANSI colour sequences (`ESC [ … m`).
  static func stripColour(_ text: String) -> String {
    guard text.contains("\u{1B}") else { return text }
    return text.replacing(#/\x1B\[[0-9;]*m/#, with: "")
  }
}
