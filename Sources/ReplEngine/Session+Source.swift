import CommandLanguage

/// One logical command of a script: its text and the line it starts on.
public struct ScriptCommand: Sendable, Equatable {
  /// The 1-based line number of its first physical line.
  public var line: Int
  /// The physical lines as written (without `repl> `/`...> ` prompts).
  public var typed: [String]
  /// The logical command (continuations joined).
  public var text: String
}

extension Session {
  /// `source FILE`: runs each logical line of a script (or the commands of a transcript) through
  /// the same engine, stopping at the first failure with `FILE:LINE`.
  func source(_ file: String, _ out: CommandOutput) throws {
    guard sourceDepth < 16 else { throw ReplError("\(file): scripts nested more than 16 deep (does it source itself?)") }
    let text = try TextFile.read(resolvePath(file))
    sourceDepth += 1
    defer { sourceDepth -= 1 }
    for command in try Session.scriptCommands(text, file: file) {
      if cancellation.isCancelled { throw CommandFailure.interrupted }
      do {
        _ = try perform(command.text, out)
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

  /// The logical commands of a plain script (one command a line, `\` continues) or, when any line
  /// starts with `repl> `, of a transcript (only its `repl> `/`...> ` lines).
  public static func scriptCommands(_ text: String, file: String) throws(ReplError) -> [ScriptCommand] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
    }
    let transcript = lines.contains { stripPrompt($0, "repl>") != nil || stripPrompt($0, "...>") != nil }
    var commands: [ScriptCommand] = []
    var assembler = LineAssembler()
    var typed: [String] = []
    var first = 0
    for (index, raw) in lines.enumerated() {
      var line = raw
      if transcript {
        if let body = Session.stripPrompt(raw, "repl>") {
          line = body
        } else if let body = Session.stripPrompt(raw, "...>") {
          guard assembler.isContinuing else { throw ReplError("\(file):\(index + 1): continuation line with no command") }
          line = body
        } else {
          continue
        }
      } else if !assembler.isContinuing && (line.trimmed.isEmpty || line.trimmed.hasPrefix("#")) {
        continue
      }
      if !assembler.isContinuing { first = index + 1 }
      typed.append(line)
      if let logical = assembler.feed(line) {
        if !logical.trimmed.isEmpty { commands.append(ScriptCommand(line: first, typed: typed, text: logical)) }
        typed = []
      }
    }
    if assembler.isContinuing { throw ReplError("\(file):\(first): the last command ends with '\\' but nothing follows") }
    return commands
  }

  /// The text after a `repl>` or `...>` prompt (and its space), or nil when `line` has no such prompt.
  public static func stripPrompt(_ line: String, _ prompt: String) -> String? {
    if line == prompt { return "" }
    guard line.hasPrefix(prompt + " ") else { return nil }
    return String(line.dropFirst(prompt.count + 1))
  }
}
