import Foundation
import ReplEngine
import Testing

@testable import Notebook

@Suite struct TranscriptTests {
  let text = """
    # Lesson
    # tol: 1e-3

    repl> load movies \\
    ...> from data.txt
    movies: 10 examples

    repl> drop x
    error: no object named 'x'
    # more prose
    repl> list

    """

  @Test func parsesProseCommandsOutputsAndTolerance() throws {
    let t = try Transcript.parse(text, file: "t.txt")
    #expect(!t.isPlainScript)
    let blocks = t.blocks
    #expect(blocks.count == 3)
    #expect(blocks[0].line == 4)
    #expect(blocks[0].typed == ["load movies \\", "from data.txt"])
    #expect(blocks[0].command == "load movies from data.txt")
    #expect(blocks[0].expected == ["movies: 10 examples"])
    #expect(blocks[0].trailingBlanks == 1)
    #expect(blocks[0].tolerance == 1e-3)
    #expect(blocks[1].expectsFailure)
    #expect(blocks[2].expected.isEmpty)
    #expect(t.items.first == .prose("# Lesson"))
  }

  @Test func renderGivesTheFileBack() throws {
    #expect(try Transcript.parse(text, file: "t.txt").render() == text)
  }

  @Test func continuationWithoutCommandIsAnErrorWithItsLine() {
    #expect(throws: TranscriptError.self) { try Transcript.parse("# prose\n...> more\n", file: "t.txt") }
    do {
      _ = try Transcript.parse("# prose\n\n...> more\nrepl> list\n", file: "t.txt")
    } catch {
      #expect(error.message.hasPrefix("t.txt:3: continuation line"))
    }
  }

  @Test func continuationAfterOutputIsAnError() {
    do {
      _ = try Transcript.parse("repl> list\nsome output\n...> more\n", file: "a.txt")
      Issue.record("expected an error")
    } catch {
      #expect(error.message.hasPrefix("a.txt:3:"))
    }
  }

  @Test func outputBeforeAnyCommandIsAnError() {
    #expect(throws: TranscriptError.self) { try Transcript.parse("stray\nrepl> list\n", file: "t.txt") }
  }

  @Test func badToleranceIsAnError() {
    #expect(throws: TranscriptError.self) { try Transcript.parse("# tol: lots\nrepl> list\n", file: "t.txt") }
  }

  @Test func fileWithoutPromptsIsAPlainScript() throws {
    let t = try Transcript.parse("# setup\nset a 1\nhelp \\\n  train\n", file: "s.repl")
    #expect(t.isPlainScript)
    #expect(t.blocks.map(\.line) == [2, 3])
    #expect(t.blocks[1].typed.count == 2)
  }

  @Test func missingAndBinaryFilesGiveFileAndLine() throws {
    let folder = NSTemporaryDirectory() + "nb-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    do {
      _ = try Notebook.load(folder + "/missing.txt", name: "missing.txt")
      Issue.record("expected an error")
    } catch {
      #expect(error.message.hasPrefix("missing.txt:1: cannot read the file"))
    }
    let binary = folder + "/b.txt"
    try Data([0x72, 0x65, 0x0A, 0x00, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: binary))
    do {
      _ = try Notebook.load(binary, name: "b.txt")
      Issue.record("expected an error")
    } catch {
      #expect(error.message.hasPrefix("b.txt:2: this is a binary file"))
    }
  }
}
