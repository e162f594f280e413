import CommandLanguage
import ReplEngine

/// A transcript file (docs/notebook-format.md): prose, commands and their expected outputs, in order.
///
/// Parsing keeps everything needed to write the file back (`render`), so `--update` changes only
/// expected outputs.
public struct Transcript: Sendable {
  /// One command with the output it is expected to print.
  public struct Block: Sendable, Equatable {
    /// The 1-based line of its `repl> ` line.
    public var line: Int
    /// The physical command lines without prompts (continued lines end with `\`).
    public var typed: [String]
    /// The expected output lines (trailing blank lines excluded).
    public var expected: [String]
    /// Blank lines after the output, kept when the file is written back.
    public var trailingBlanks: Int
    /// The relative tolerance for numbers, from the last `# tol:` line (0: exact).
    public var tolerance: Double

    /// The logical command: the lines joined as the prompt joins them (a lenient join when a
    /// `...> ` line follows a line without `\\`).
    public var command: String {
      var assembler = LineAssembler()
      var parts = typed.compactMap { assembler.feed($0) }
      if let rest = assembler.finish() { parts.append(rest) }
      return parts.joined(separator: " ")
    }
    /// Whether the recorded output says the command must fail.
    public var expectsFailure: Bool { expected.first?.hasPrefix("error:") ?? false }
    /// The line of the first expected output line.
    public var outputLine: Int { line + typed.count }
  }

  /// A line of prose, a blank line, or a command block.
  public enum Item: Sendable, Equatable {
    case prose(String)
    case blank
    case command(Block)
  }

  /// The items in file order.
  public var items: [Item]
  /// True for a plain script (no `repl> ` line): outputs are not checked.
  public var isPlainScript: Bool

  /// The command blocks in order.
  public var blocks: [Block] {
    items.compactMap { if case .command(let b) = $0 { return b } else { return nil } }
  }

  /// Parses `text` read from `file` (the name is used in error messages).
  public static func parse(_ text: String, file: String) throws(NotebookError) -> Transcript {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    if lines.last == "" { lines.removeLast() }
    if !lines.contains(where: { Session.stripPrompt($0, "repl>") != nil || Session.stripPrompt($0, "...>") != nil }) {
      return try plainScript(text, file: file)
    }
    var parser = TranscriptParser(file: file)
    for (index, line) in lines.enumerated() { try parser.add(line, number: index + 1) }
    return Transcript(items: parser.finish(), isPlainScript: false)
  }

  /// A file without `repl> ` lines: every logical line is a command whose output is not checked.
  static func plainScript(_ text: String, file: String) throws(NotebookError) -> Transcript {
    do {
      let commands = try Session.scriptCommands(text, file: file)
      let blocks = commands.map { c in
        Item.command(Block(line: c.line, typed: c.typed, expected: [], trailingBlanks: 0, tolerance: 0))
      }
      return Transcript(items: blocks, isPlainScript: true)
    } catch {
      throw NotebookError(message: error.message)
    }
  }

  /// The file's text: prose and commands as they were, outputs as they are now.
  public func render() -> String {
    var text = ""
    for item in items {
      switch item {
      case .prose(let line): text += line + "\n"
      case .blank: text += "\n"
      case .command(let block):
        text += Session.transcriptCommand(block.typed)
        for line in block.expected { text += line + "\n" }
        text += String(repeating: "\n", count: block.trailingBlanks)
      }
    }
    return text
  }
}
