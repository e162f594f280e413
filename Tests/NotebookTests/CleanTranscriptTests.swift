import Foundation
import ReplEngine
import Testing

@testable import Notebook

/// `save transcript FILE clean=yes`: failed commands and their errors are left out, and the file
/// replays with `--check` without an expected error.
@Suite struct CleanTranscriptTests {
  @Test func cleanTranscriptLeavesOutFailedCommandsAndReplays() throws {
    let dir = NSTemporaryDirectory() + "repl-clean-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let session = Session(workingDirectory: dir)
    for line in ["synth d domain=movies n=20 seed=3", "drop nothing", "tran d", "set x 1", "show d"] {
      session.execute(line)
    }
    let saved = session.execute("save transcript clean.txt clean=yes")
    #expect(saved.succeeded, "\(saved.output)")
    #expect(saved.output.contains("saved 3 commands"))
    #expect(session.execute("save transcript full.txt").output.contains("saved 5 commands"))
    let clean = try String(contentsOfFile: dir + "/clean.txt", encoding: .utf8)
    #expect(!clean.contains("error:"))
    #expect(!clean.contains("drop nothing") && !clean.contains("repl> tran d"))
    #expect(clean.contains("repl> synth d") && clean.contains("repl> set x 1") && clean.contains("repl> show d"))
    var transcript = try Transcript.parse(clean, file: "clean.txt")
    #expect(transcript.blocks.count == 3)
    var printed = ""
    let outcome = Replay(
      session: Session(workingDirectory: dir), file: "clean.txt", options: ReplayOptions(check: true),
      write: { printed += $0 }
    )
    .run(&transcript)
    #expect(outcome.mismatches == 0, "\(printed)")
    #expect(outcome.exitCode(checking: true) == 0)
    let full = try String(contentsOfFile: dir + "/full.txt", encoding: .utf8)
    #expect(full.contains("repl> drop nothing\nerror: no object named 'nothing'"))
  }
}
