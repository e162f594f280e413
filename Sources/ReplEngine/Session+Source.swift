import Transcripts

extension Session {
  /// `source FILE`: runs each logical line of a script (or the commands of a transcript) through
  /// the same engine, stopping at the first failure with `FILE:LINE`.
  func source(_ file: String, _ out: CommandOutput) throws {
    guard sourceDepth < 16 else {
      throw ReplError("\(file): scripts nested more than 16 deep (does it source itself?)")
    }
    let text = try TextFile.read(resolvePath(file))
    sourceDepth += 1
    defer { sourceDepth -= 1 }
    for command in try Session.parseScript(text, file: file).commands {
      if cancellation.isCancelled { throw CommandFailure.interrupted }
      do {
        _ = try perform(command.command, out)
      } catch {
        switch error {
        case .interrupted: throw error
        case .failed(let message): throw CommandFailure.failed("\(file):\(command.line): \(message)")
        case .syntax(let rendered):
          let first = rendered.split(separator: "\n").first.map(String.init) ?? rendered
          let message = first.hasPrefix("error: ") ? String(first.dropFirst(7)) : first
          throw CommandFailure.failed("\(file):\(command.line): \(message)")
        }
      }
    }
  }

  /// `text` read as a script or transcript; a malformed file fails with its `FILE:LINE`.
  private static func parseScript(_ text: String, file: String) throws(ReplError) -> Transcript {
    do {
      return try Transcript.parse(text, file: file)
    } catch {
      throw ReplError(error.message)
    }
  }
}
