import CommandLanguage
import TextFormatting

/// A script or transcript file (docs/notebook-format.md): prose, commands and their expected
/// outputs, in order. `repl --run`, `source FILE` and the fuzz target all read files through
/// `parse`, so they accept and reject the same files.
///
/// Parsing keeps everything needed to write the file back (`render`), so `--update` changes only
/// expected outputs.
public struct Transcript: Sendable {
  /// One command with the output it is expected to print.
  public struct Block: Sendable, Equatable {
    /// The 1-based line of its first line (the `repl> ` line of a transcript).
    public var line: Int
    /// The physical command lines without prompts (every line but the last ends with `\`).
    public var typed: [String]
    /// The expected output lines (trailing blank lines excluded; empty in a plain script).
    public var expected: [String]
    /// Blank lines after the output, kept when the file is written back.
    public var trailingBlanks: Int
    /// The relative tolerance for numbers, from the last `# tol:` line (0: exact).
    public var tolerance: Double

    /// The logical command: the lines joined as the prompt joins them.
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

  /// The items in file order (a plain script has only commands).
  public var items: [Item]
  /// True for a plain script (no `repl> ` or `...> ` line): outputs are not checked.
  public var isPlainScript: Bool

  /// The command blocks in order.
  public var blocks: [Block] {
    items.compactMap { if case .command(let b) = $0 { return b } else { return nil } }
  }

  /// What `source FILE` runs: the blocks whose logical command is not blank, in order.
  public var commands: [Block] { blocks.filter { !$0.command.trimmed.isEmpty } }

  /// Parses `text` read from `file` (the name is used in error messages): a transcript when any
  /// line starts with `repl> ` or `...> `, else a plain script. Lines end with LF or CRLF; a leading
  /// byte-order mark is ignored.
  public static func parse(_ text: String, file: String) throws(TranscriptError) -> Transcript {
    var body = Substring(text)
    if body.unicodeScalars.first == "\u{FEFF}" { body = Substring(body.unicodeScalars.dropFirst()) }
    // "\r\n" is one Character in Swift: split on it as well as on "\n".
    var lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    var parser = TranscriptParser(file: file)
    guard lines.contains(where: TranscriptPrompt.isPromptLine) else {
      let blocks = lines.compactMap { parser.addScriptLine($0) }
      try parser.finish()
      return Transcript(items: blocks.map(Item.command), isPlainScript: true)
    }
    if lines.last == "" { lines.removeLast() }
    for line in lines { try parser.addTranscriptLine(line) }
    return Transcript(items: try parser.finish(), isPlainScript: false)
  }

  /// The file's text: prose and commands as they were, outputs as they are now.
  public func render() -> String {
    var text = ""
    for item in items {
      switch item {
      case .prose(let line): text += line + "\n"
      case .blank: text += "\n"
      case .command(let block):
        text += TranscriptWriter.command(block.typed)
        for line in block.expected { text += line + "\n" }
        text += String(repeating: "\n", count: block.trailingBlanks)
      }
    }
    return text
  }
}
