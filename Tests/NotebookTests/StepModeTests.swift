import ReplEngine
import Testing

@testable import Notebook

/// Step mode through the engine with scripted answers (the terminal path is in scripts/pty_test.py).
@Suite struct StepModeTests {
  let lesson = """
    # Make a corpus.
    repl> synth d domain=movies n=40 seed=1
    # Split it, then build a vocabulary from the training part; this prose line is long enough that it has to be wrapped at eighty columns.
    repl> split d train=0.5 test=0.5
    repl> vocab v from d.train min_count=1
    repl> set done yes

    """

  /// Runs `lesson` step by step with `answers` at a terminal; returns the outcome, what was printed and the session.
  func steps(_ answers: [String], stays: Bool = true) throws -> (ReplayOutcome, String, Session) {
    var transcript = try Transcript.parse(lesson, file: "l.txt")
    var printed = ""
    let session = Session()
    let console = ScriptedStepConsole(answers, staysOnFailure: stays)
    let replay = Replay(
      session: session, file: "l.txt", options: ReplayOptions(step: true), write: { printed += $0 },
      stepConsole: console)
    return (replay.run(&transcript), printed, session)
  }

  @Test func showsStepKOfNAndWrappedProse() throws {
    let (outcome, printed, session) = try steps(["", "", "", ""])
    #expect(outcome.exitCode(checking: false) == 0)
    #expect(printed.contains("step 1 of 4\nMake a corpus.\nrepl> synth d"))
    #expect(printed.contains("step 2 of 4\nSplit it"))
    let prose = printed.split(separator: "\n").filter { $0.hasPrefix("Split it") || $0.contains("eighty columns") }
    #expect(prose.count == 2 && prose.allSatisfy { $0.count <= 80 }, "\(prose)")
    #expect(session.variables["done"] == "yes")
  }

  @Test func anAsideRunsWithoutAdvancingAndHelpListsTheKeys() throws {
    let (_, printed, session) = try steps(["set aside 1", "?", "", "q"])
    #expect(session.variables["aside"] == "1")
    #expect(printed.contains("anything else you type runs as an aside"))
    #expect(session.objects["d"] != nil && session.objects["d.train"] == nil)
  }

  @Test func editRunsTheEditedCommandInsteadOfTheStep() throws {
    let (_, _, session) = try steps(["e", "synth d domain=products n=30 seed=2", "q"])
    guard case .dataset(let d) = session.objects["d"] else {
      Issue.record("no dataset d")
      return
    }
    #expect(d.count == 30)
  }

  @Test func skippedStepIsNamedWhenALaterStepNeedsItsObject() throws {
    let (outcome, printed, session) = try steps(["", "s", "", "s", "q"])
    #expect(printed.contains("skipped step 2"))
    #expect(printed.contains("note: step 3 needs 'd.train', made by skipped step 2"))
    #expect(printed.contains("step 3 failed: Enter runs it again, e edits it, s skips it"))
    #expect(printed.contains("step 4 of 4"))
    #expect(session.objects["v"] == nil)
    #expect(outcome.exitCode(checking: false) == 0)
  }

  @Test func backRunsThePreviousStepAgain() throws {
    let (_, printed, session) = try steps(["", "drop d", "b", "q"])
    #expect(printed.contains("dropped d"))
    #expect(session.objects["d"] != nil)
    #expect(printed.components(separatedBy: "repl> synth d").count == 3)
  }

  @Test func withPipedAnswersAFailingStepEndsTheLessonAsBefore() throws {
    let (outcome, _, _) = try steps(["", "s", ""], stays: false)
    #expect(outcome.exitCode(checking: false) == 1)
  }

  @Test func listItemsAreReflowedWithAHangingIndent() {
    let prose = [
      "Data (slices keep the replay short):",
      "- source: 2000 reviews sampled from the aclImdb training subset, truncated to",
      "  their first 200 tokens;",
      "  1. a numbered item that is long enough to need a second line at this width",
    ]
    let lines = StepRunner.wrapped(prose, width: 40)
    #expect(lines.allSatisfy { $0.count <= 40 })
    #expect(lines.first == "Data (slices keep the replay short):")
    #expect(lines[1].hasPrefix("- source: 2000") && lines[2].hasPrefix("  ") && !lines[2].hasPrefix("   "))
    #expect(lines.contains { $0.hasPrefix("  1. a numbered") })
    let words = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
    #expect(words.contains("truncated to their first 200 tokens;"))
  }
}
