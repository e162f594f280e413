import Transcripts

extension Session {
  /// The session so far in the transcript format of docs/notebook-format.md, volatile values
  /// masked, so that the file replays with `repl --run FILE --check`. `clean` leaves out the commands
  /// that failed and their error output (`save transcript FILE clean=yes`).
  public func transcript(title: String = "A session recorded with repl", clean: Bool = false) -> String {
    let mask = VolatileMask(workingDirectory: workingDirectory)
    var text = "# \(title).\n# Replay it with: repl --run FILE --check\n\n"
    for entry in log where entry.succeeded || !clean {
      text += TranscriptWriter.command(entry.command)
      text += TranscriptWriter.output(entry.output, mask: mask).map { $0 + "\n" }.joined()
    }
    return text
  }
}
