import Foundation
import ReplEngine
import Testing

@testable import Notebook

/// Replays `text` in a fresh session and returns the outcome, the printed text and the transcript.
func replay(
  _ text: String, _ options: ReplayOptions = ReplayOptions(), session: Session = Session()
) throws -> (ReplayOutcome, String, Transcript) {
  var transcript = try Transcript.parse(text, file: "t.txt")
  var printed = ""
  let outcome = Replay(session: session, file: "t.txt", options: options, write: { printed += $0 }).run(&transcript)
  return (outcome, printed, transcript)
}

@Suite struct ReplayTests {
  let passing = """
    # Check a few session commands.
    repl> set x 1
    repl> drop nothing
    error: no object named [..]
    repl> help trian
    error: no help for 'trian' (did you mean 'train'?); try 'help' for the list of commands

    """

  @Test func runEchoesCommandsAndOutputsAsATranscript() throws {
    let (outcome, printed, _) = try replay(passing)
    #expect(outcome.exitCode(checking: false) == 0)
    #expect(printed.hasPrefix("repl> set x 1\nrepl> drop nothing\nerror: no object named 'nothing'\n"))
    #expect(outcome.executed == 3)
  }

  @Test func checkPassesWhenOutputsMatch() throws {
    let (outcome, printed, _) = try replay(passing, ReplayOptions(check: true))
    #expect(outcome.mismatches == 0, "\(printed)")
    #expect(outcome.exitCode(checking: true) == 0)
  }

  @Test func checkReportsEachMismatchWithFileAndLine() throws {
    let text = "repl> help trian\nerror: something else\nrepl> drop x\nerror: no object named 'y'\n"
    let (outcome, printed, _) = try replay(text, ReplayOptions(check: true))
    #expect(outcome.mismatches == 2)
    #expect(outcome.exitCode(checking: true) == 3)
    #expect(printed.contains("--- t.txt:2 expected"))
    #expect(printed.contains("--- t.txt:4 expected"))
    #expect(printed.contains("+error: no object named 'x'"))
  }

  @Test func expectedErrorThatSucceedsIsAMismatch() throws {
    let (outcome, printed, _) = try replay("repl> set x 1\nerror: should fail\n", ReplayOptions(check: true))
    #expect(outcome.mismatches == 1)
    #expect(printed.contains("expected to fail but succeeded"))
  }

  @Test func unexpectedFailureStopsTheRunWithStatus1() throws {
    let (outcome, printed, _) = try replay("repl> drop x\nrepl> set y 2\n")
    #expect(outcome.exitCode(checking: false) == 1)
    #expect(outcome.executed == 1)
    #expect(printed.contains("t.txt:1: error: no object named 'x'"))
  }

  @Test func keepGoingRunsToTheEnd() throws {
    let (outcome, _, _) = try replay("repl> drop x\nrepl> set y 2\n", ReplayOptions(keepGoing: true))
    #expect(outcome.executed == 2)
    #expect(outcome.exitCode(checking: false) == 1)
  }

  @Test func syntaxErrorExitsWith2() throws {
    let (outcome, _, _) = try replay("lsit\n")
    #expect(outcome.exitCode(checking: false) == 2)
  }

  @Test func updateRewritesOutputsAndKeepsProseAndMatchingWildcards() throws {
    let text = "# prose stays\nrepl> drop x\nerror: no object named [..]\nrepl> help trian\nerror: old text\n"
    let (outcome, _, transcript) = try replay(text, ReplayOptions(update: true))
    #expect(outcome.mismatches == 1)
    let rendered = transcript.render()
    #expect(rendered.hasPrefix("# prose stays\nrepl> drop x\nerror: no object named [..]\n"))
    #expect(rendered.contains("repl> help trian\nerror: no help for 'trian'"))
    #expect(!rendered.contains("old text"))
    let (again, _, _) = try replay(rendered, ReplayOptions(check: true))
    #expect(again.mismatches == 0)
  }

  @Test func recordedSessionReplaysUnchanged() throws {
    let session = Session(workingDirectory: NSTemporaryDirectory())
    session.execute("set topic train")
    session.execute("help $topic")
    session.execute("timing on")
    session.execute("drop nothing")
    session.execute("help list", typed: ["help \\", "list"])
    let recorded = session.transcript()
    #expect(recorded.contains("time: [TIME]"))
    let (outcome, printed, transcript) = try replay(recorded, ReplayOptions(check: true))
    #expect(outcome.mismatches == 0, "\(printed)")
    #expect(transcript.blocks.count == 5)
  }

  @Test func plainScriptOutputsAreNotChecked() throws {
    let (outcome, _, _) = try replay("set a 1\nhelp list\n", ReplayOptions(check: true))
    #expect(outcome.executed == 2)
    #expect(outcome.exitCode(checking: true) == 0)
  }
}
