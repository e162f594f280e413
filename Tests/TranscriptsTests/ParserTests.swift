import Foundation
import Testing
import Transcripts

/// The message `Transcript.parse` fails with, or nil when `text` parses.
func parseError(_ text: String, file: String = "t.txt") -> String? {
  do {
    _ = try Transcript.parse(text, file: file)
    return nil
  } catch {
    return error.message
  }
}

@Suite struct ScriptParsingTests {
  let script = "# setup\nset a 1\n\nhelp \\\n  train\n  # not a comment while continuing\nlist\n"

  @Test func plainScriptSkipsProseAndBlanksAndJoinsContinuations() throws {
    let t = try Transcript.parse(script, file: "s.repl")
    #expect(t.isPlainScript)
    #expect(t.items.count == 3)
    #expect(t.blocks.map(\.line) == [2, 4, 7])
    #expect(t.blocks.map(\.command) == ["set a 1", "help train", "list"])
    #expect(t.blocks[1].typed == ["help \\", "  train"])
    #expect(t.blocks.allSatisfy { $0.expected.isEmpty && $0.tolerance == 0 })
  }

  @Test func aContinuationTakesTheNextLineEvenWhenBlank() throws {
    let t = try Transcript.parse("set a 1 \\\n\nlist\n", file: "s.repl")
    #expect(t.blocks.map(\.command) == ["set a 1", "list"])
    #expect(try Transcript.parse("set a 1 \\\n", file: "s.repl").blocks.map(\.command) == ["set a 1"])
  }

  @Test func aScriptEndingInABackslashIsAnErrorAtItsCommand() {
    #expect(
      parseError("list\nset a \\", file: "s.repl") == "s.repl:2: the last command ends with '\\' but nothing follows")
  }

  @Test func readingLineByLineGivesTheCommandsOfTheWholeFile() throws {
    var parser = TranscriptParser(file: "<stdin>")
    let piped = script.split(separator: "\n", omittingEmptySubsequences: false).compactMap {
      parser.addScriptLine(String($0))
    }
    #expect(piped == (try Transcript.parse(script, file: "s.repl").blocks))
  }

  @Test func crlfLineEndsReadAsNewlines() throws {
    let crlf = script.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    #expect(try Transcript.parse(crlf, file: "s.repl").blocks == (try Transcript.parse(script, file: "s.repl").blocks))
  }
}

@Suite struct TranscriptParsingTests {
  let text = """
    # tol: 1e-3
    repl> synth d \\
    ...> n=10
    d: 10 examples

    # Dropping what is not there fails:
    repl> drop x
    error: no object named 'x'
    # tol: 0

    repl>
    repl> list

    """

  @Test func readsProseBlanksCommandsOutputsAndTolerances() throws {
    let t = try Transcript.parse(text, file: "t.txt")
    #expect(!t.isPlainScript)
    #expect(t.items.count == 8)
    #expect(t.items[0] == .prose("# tol: 1e-3") && t.items[2] == .prose("# Dropping what is not there fails:"))
    #expect(t.items[5] == .blank)
    let blocks = t.blocks
    #expect(blocks.map(\.line) == [2, 7, 11, 12])
    #expect(blocks.map(\.command) == ["synth d n=10", "drop x", "", "list"])
    #expect(blocks[0].typed == ["synth d \\", "n=10"])
    #expect(blocks[0].expected == ["d: 10 examples"] && blocks[0].trailingBlanks == 1)
    #expect(blocks[0].outputLine == 4)
    #expect(blocks.map(\.tolerance) == [1e-3, 1e-3, 0, 0])
    #expect(blocks[1].expectsFailure && !blocks[0].expectsFailure)
    #expect(blocks[3].expected.isEmpty && blocks[3].trailingBlanks == 0)
  }

  @Test func sourceRunsTheCommandsThatAreNotBlank() throws {
    let t = try Transcript.parse(text, file: "t.txt")
    #expect(t.commands.map(\.line) == [2, 7, 12])
  }

  @Test func renderGivesTheFileBackByteForByte() throws {
    let t = try Transcript.parse(text, file: "t.txt")
    #expect(t.render() == text.replacingOccurrences(of: "repl>\n", with: "repl> \n"))
    #expect(try Transcript.parse(t.render(), file: "t.txt").items == t.items)
  }

  @Test func crlfAndAByteOrderMarkAreIgnored() throws {
    let crlf = "\u{FEFF}" + text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    #expect(try Transcript.parse(crlf, file: "t.txt").items == (try Transcript.parse(text, file: "t.txt").items))
    #expect(try Transcript.parse("\u{FEFF}set a 1\n", file: "s.repl").blocks.map(\.command) == ["set a 1"])
  }

  @Test func outputBeforeAnyCommandAndABadToleranceAreErrors() {
    #expect(parseError("stray\nrepl> list\n")?.hasPrefix("t.txt:1: output line with no command") == true)
    #expect(parseError("repl> list\n# tol: lots\n")?.hasPrefix("t.txt:2: '# tol:' needs") == true)
  }
}

/// A `...> ` line continues only a command whose last line ended in `\`; anywhere else it is the
/// same error, naming its line, wherever the file is read.
@Suite struct StrayContinuationTests {
  static let stray = [
    ("...> more\nrepl> list\n", 1),
    ("# prose\n\n...> more\n", 3),
    ("repl> list\n...> more\n", 2),
    ("repl> list\nsome output\n...> more\n", 3),
    ("repl> help \\\n...> drop\n...> more\n", 3),
  ]

  @Test(arguments: stray)
  func strayContinuationIsAnErrorAtItsLine(_ text: String, _ line: Int) {
    #expect(
      parseError(text)
        == "t.txt:\(line): continuation line '...> ' with no command ending in '\\' before it (start a command with 'repl> ')"
    )
  }

  @Test(arguments: [
    "repl> help \\\nrepl> list\n", "repl> help \\\noutput\n", "repl> help \\\n\n...> drop\n",
    "repl> help \\\n# prose\n",
  ])
  func aBackslashMustBeFollowedByAContinuationLine(_ text: String) {
    #expect(
      parseError(text)?.hasPrefix("t.txt:2: the command above ends with '\\', so this line must start with '...> '")
        == true)
  }

  @Test func aTranscriptEndingInABackslashIsAnError() {
    #expect(parseError("repl> synth q n=5 \\\n") == "t.txt:1: the last command ends with '\\' but nothing follows")
  }
}
