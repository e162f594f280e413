import CommandLanguage
import TextFormatting

/// The line-by-line reader behind `Transcript.parse`, for plain scripts and transcripts alike, and
/// for piped standard input (a plain script read as it arrives).
///
/// A line continues the command before it exactly when that command's last line ended in `\`: in a
/// transcript the continuation must then start with `...> `, and a `...> ` line anywhere else is an
/// error naming its `FILE:LINE`.
public struct TranscriptParser: Sendable {
  /// The file name used in error messages.
  public let file: String
  /// The items read so far (transcripts only; a plain script's commands are returned one by one).
  private var items: [Transcript.Item] = []
  /// The open command block: being typed (while `assembler` continues) or collecting its output.
  private var current: Transcript.Block?
  private var assembler = LineAssembler()
  private var tolerance = 0.0
  /// The 1-based number of the last line taken.
  private var number = 0

  /// A reader for `file`.
  public init(file: String) { self.file = file }

  /// Takes the next line of a plain script (one command a line, `\` continues, blank and `#` lines
  /// between commands skipped); returns the command the line completes, if any and not blank.
  public mutating func addScriptLine(_ line: String) -> Transcript.Block? {
    number += 1
    if !assembler.isContinuing && (line.trimmed.isEmpty || line.trimmed.hasPrefix("#")) { return nil }
    guard let logical = type(line), let block = current else { return nil }
    current = nil
    return logical.trimmed.isEmpty ? nil : block
  }

  /// Takes the next line of a transcript.
  mutating func addTranscriptLine(_ line: String) throws(TranscriptError) {
    number += 1
    if assembler.isContinuing {
      guard let body = TranscriptPrompt.continuation.body(of: line) else {
        throw error("the command above ends with '\\', so this line must start with '...> ' (or drop the '\\')")
      }
      _ = type(body)
    } else if let body = TranscriptPrompt.command.body(of: line) {
      closeBlock()
      _ = type(body)
    } else if TranscriptPrompt.continuation.body(of: line) != nil {
      throw error("continuation line '...> ' with no command ending in '\\' before it (start a command with 'repl> ')")
    } else if line.hasPrefix("#") {
      closeBlock()
      try readTolerance(line)
      items.append(.prose(line))
    } else if current != nil {
      current?.expected.append(line)
    } else if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
      items.append(.blank)
    } else {
      throw error("output line with no command before it (prose lines start with '#')")
    }
  }

  /// At the end of the file: the items, the last block closed; an error when the last command
  /// still waits for the line its `\` promised.
  @discardableResult
  mutating func finish() throws(TranscriptError) -> [Transcript.Item] {
    if assembler.isContinuing, let block = current {
      throw TranscriptError(file: file, line: block.line, "the last command ends with '\\' but nothing follows")
    }
    closeBlock()
    return items
  }

  /// Adds a typed line (without its prompt) to the command being typed, opening a block when none
  /// is; returns the logical command when the line completes it.
  private mutating func type(_ body: String) -> String? {
    if !assembler.isContinuing {
      current = Transcript.Block(line: number, typed: [], expected: [], trailingBlanks: 0, tolerance: tolerance)
    }
    current?.typed.append(body)
    return assembler.feed(body)
  }

  /// Ends the open block, moving its trailing blank lines out of the expected output.
  private mutating func closeBlock() {
    guard var block = current else { return }
    while let last = block.expected.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) {
      block.expected.removeLast()
      block.trailingBlanks += 1
    }
    items.append(.command(block))
    current = nil
  }

  /// `# tol: 1e-3` sets the tolerance for the blocks that follow.
  private mutating func readTolerance(_ line: String) throws(TranscriptError) {
    let body = line.dropFirst().drop { $0 == " " }
    guard body.hasPrefix("tol:") else { return }
    let value = String(body.dropFirst(4))
    guard let tol = Double(value.trimmed), tol >= 0, tol < 1 else {
      throw error("'# tol:' needs a relative tolerance such as 1e-3")
    }
    tolerance = tol
  }

  /// An error at the current line.
  private func error(_ reason: String) -> TranscriptError { TranscriptError(file: file, line: number, reason) }
}
