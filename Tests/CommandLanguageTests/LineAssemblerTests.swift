import Testing

@testable import CommandLanguage

@Suite struct LineAssemblerTests {
  /// Feeds `lines` and returns the logical commands, plus the one left at the end, if any.
  func assemble(_ lines: [String]) -> [String] {
    var assembler = LineAssembler()
    var out = lines.compactMap { assembler.feed($0) }
    if let rest = assembler.finish() { out.append(rest) }
    return out
  }

  @Test func trailingBackslashJoinsLines() {
    #expect(
      assemble(["train clf on movies.train \\", "   epochs=3 \\", "  lr=0.01", "list"])
        == ["train clf on movies.train epochs=3 lr=0.01", "list"])
  }

  @Test func continuationIsPendingUntilTheLastLine() {
    var assembler = LineAssembler()
    #expect(assembler.prompt() == "repl> ")
    #expect(assembler.feed("model clf = embedding dim=8 |\\") == nil)
    #expect(assembler.isContinuing)
    #expect(assembler.prompt() == "...> ")
    #expect(assembler.feed("  dense out=2") == "model clf = embedding dim=8 | dense out=2")
    #expect(!assembler.isContinuing)
  }

  @Test func backslashInQuotesOrCommentsDoesNotContinue() {
    #expect(assemble([#"predict clf "a\\"#, "list"]) == [#"predict clf "a\\"#, "list"])
    #expect(assemble(["list # see \\", "datasets"]) == ["list # see \\", "datasets"])
    #expect(assemble([#"set x "open \"#, "list"]) == [#"set x "open \"#, "list"])
  }

  @Test func lineNumbersPointAtTheStartOfEachCommand() {
    var assembler = LineAssembler()
    _ = assembler.feed("list")
    #expect(assembler.firstLineNumber == 1)
    #expect(assembler.feed("train a \\") == nil)
    #expect(assembler.feed("on b") != nil)
    #expect(assembler.firstLineNumber == 2)
    _ = assembler.feed("quit")
    #expect(assembler.firstLineNumber == 4)
  }

  @Test func finishAndResetHandleAnUnfinishedCommand() {
    var assembler = LineAssembler()
    _ = assembler.feed("show \\")
    #expect(assembler.finish() == "show")
    #expect(!assembler.isContinuing)
    _ = assembler.feed("show \\")
    assembler.reset()
    #expect(!assembler.isContinuing)
    #expect(assembler.feed("list\r") == "list")
  }
}
