import CommandLanguage
import ReplEngine

/// The line-by-line state machine behind `Transcript.parse`.
struct TranscriptParser {
  let file: String
  private var items: [Transcript.Item] = []
  private var current: Transcript.Block?
  private var tolerance = 0.0

  init(file: String) { self.file = file }

  /// Takes one line of the file.
  mutating func add(_ line: String, number: Int) throws(NotebookError) {
    if let body = Session.stripPrompt(line, "repl>") {
      closeBlock()
      current = Transcript.Block(line: number, typed: [body], expected: [], trailingBlanks: 0, tolerance: tolerance)
    } else if let body = Session.stripPrompt(line, "...>") {
      guard current != nil, current?.expected.isEmpty == true else {
        throw NotebookError(file: file, line: number, "continuation line '...> ' with no command before it")
      }
      current?.typed.append(body)
    } else if line.hasPrefix("#") {
      closeBlock()
      try readTolerance(line, number: number)
      items.append(.prose(line))
    } else if current != nil {
      current?.expected.append(line)
    } else if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
      items.append(.blank)
    } else {
      throw NotebookError(file: file, line: number, "output line with no command before it (prose lines start with '#')")
    }
  }

  /// The items, the last block closed.
  mutating func finish() -> [Transcript.Item] {
    closeBlock()
    return items
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
  private mutating func readTolerance(_ line: String, number: Int) throws(NotebookError) {
    let body = line.dropFirst().drop { $0 == " " }
    guard body.hasPrefix("tol:") else { return }
    let value = String(body.dropFirst(4))
    guard let tol = Double(value.trimmed), tol >= 0, tol < 1 else {
      throw NotebookError(file: file, line: number, "'# tol:' needs a relative tolerance such as 1e-3")
    }
    tolerance = tol
  }
}
