/// Writing commands and outputs as a transcript holds them (docs/notebook-format.md). Recording
/// (`--record`, `save transcript`), `--update` and checking all use it, so what is written reads back
/// and compares the same.
public enum TranscriptWriter {
  /// A command as a transcript holds it: its first line after `repl> `, each continuation line after
  /// `...> `, every line ending in a newline.
  public static func command(_ typed: [String]) -> String {
    typed.enumerated().map { (i, line) in
      (i == 0 ? TranscriptPrompt.command : .continuation).text + line + "\n"
    }.joined()
  }

  /// A command's output as a transcript holds it: volatile values masked, colour codes and
  /// trailing blanks dropped, and a line that would read as prose or a prompt indented by one
  /// space (the REPL never prints such lines; this is a guard).
  public static func output(_ output: String, mask: VolatileMask) -> [String] {
    var lines = mask.mask(output).split(separator: "\n", omittingEmptySubsequences: false).map { line in
      var s = stripColour(String(line))
      while s.last == " " || s.last == "\t" || s.last == "\r" { s.removeLast() }
      return s
    }
    while lines.last == "" { lines.removeLast() }
    return lines.map { l in l.hasPrefix("#") || TranscriptPrompt.looksLikePrompt(l) ? " " + l : l }
  }

  /// `text` without ANSI colour sequences (`ESC [ … m`).
  static func stripColour(_ text: String) -> String {
    guard text.contains("\u{1B}") else { return text }
    return text.replacing(#/\x1B\[[0-9;]*m/#, with: "")
  }
}
