import Testing
import Transcripts

@Suite struct WriterTests {
  @Test func commandLinesCarryTheirPrompts() {
    #expect(TranscriptWriter.command(["list"]) == "repl> list\n")
    #expect(TranscriptWriter.command(["help \\", "  drop"]) == "repl> help \\\n...>   drop\n")
  }

  @Test func outputLinesAreMaskedUncolouredTrimmedAndGuarded() {
    let mask = VolatileMask(workingDirectory: "/home/ann")
    let output =
      "\u{1B}[31mtook 0.42s\u{1B}[0m  \n# looks like prose\nrepl> looks like a prompt\n...>\nread /home/ann/a.txt\n\n\n"
    #expect(
      TranscriptWriter.output(output, mask: mask) == [
        "took [TIME]", " # looks like prose", " repl> looks like a prompt", " ...>", "read a.txt",
      ])
    #expect(TranscriptWriter.output("", mask: mask).isEmpty)
  }

  /// What the writer writes parses back to the same commands and outputs.
  @Test func writtenTranscriptsParseBackToTheSameCommands() throws {
    let mask = VolatileMask(workingDirectory: "/")
    let commands: [([String], String)] = [
      (["synth d n=10"], "d: 10 examples\n"),
      (["model m = embedding dim=4 \\", "  | pool mean \\", "| dense out=2"], ""),
      (["drop x"], "error: no object named 'x'\n"),
      ([""], "# not prose\nrepl> not a command\n"),
      (["set s \"a \\\\\""], "\n\nlast\n  \n"),
    ]
    var text = "# recorded\n\n"
    for (typed, output) in commands {
      text += TranscriptWriter.command(typed) + TranscriptWriter.output(output, mask: mask).map { $0 + "\n" }.joined()
    }
    let blocks = try Transcript.parse(text, file: "w.txt").blocks
    #expect(blocks.map(\.typed) == commands.map { $0.0 })
    #expect(blocks.map(\.expected) == commands.map { TranscriptWriter.output($0.1, mask: mask) })
    #expect(blocks[1].command == "model m = embedding dim=4 | pool mean | dense out=2")
    #expect(try Transcript.parse(text, file: "w.txt").render() == text)
  }
}

@Suite struct PromptTests {
  @Test func bodiesFollowThePromptAndItsSpace() {
    #expect(TranscriptPrompt.command.body(of: "repl> list") == "list")
    #expect(TranscriptPrompt.command.body(of: "repl>") == "")
    #expect(TranscriptPrompt.command.body(of: "repl>list") == nil)
    #expect(TranscriptPrompt.continuation.body(of: "...>  x") == " x")
    #expect(TranscriptPrompt.command.text == "repl> " && TranscriptPrompt.continuation.text == "...> ")
    #expect(TranscriptPrompt.isPromptLine("...>") && !TranscriptPrompt.isPromptLine(" repl> x"))
  }
}
