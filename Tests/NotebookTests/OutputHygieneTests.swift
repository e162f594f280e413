import CommandLanguage
import Testing
import TextData

@testable import Notebook
@testable import ReplEngine

/// Control characters in data (ANSI escapes, NUL, bell, carriage return) are shown escaped on the
/// terminal, in tables and in transcripts, so a recorded session replays with `--check`.
@Suite struct OutputHygieneTests {
  static let hostile = "\u{1B}[2J\u{1B}[31mred\u{0}nul\u{7}bell\rback\tgood film"

  /// A session with a dataset whose texts and labels hold control characters.
  static func session() -> Session {
    let session = Session()
    let examples = [Example(text: hostile, label: 0), Example(text: "plain good film", label: 1)]
    session.define("d", .dataset(Dataset(examples: examples, labelNames: ["n\u{1B}g", "pos"], source: "t\u{0}")))
    return session
  }

  @Test func terminalOutputAndTablesShowEscapes() {
    let session = Self.session()
    var streamed = ""
    session.sink = { streamed += $0 }
    session.execute("head d")
    session.execute("show d")
    session.execute("list")
    #expect(streamed.contains(#"\x1b[2J\x1b[31mred\x00nul\x07bell back good film"#), "\(streamed)")
    #expect(streamed.contains(#"n\x1bg"#))
    #expect(!streamed.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(streamed.debugDescription)")
    session.jsonOutput = true
    let json = session.execute("head d").output
    #expect(json.contains(#"\u001b[2J"#), "a JSON record escapes the raw text itself")
  }

  @Test func aRecordedTranscriptReplaysWithCheck() throws {
    let session = Self.session()
    for command in ["head d", "show d", "list", "vocab v from d min_count=1", "drop \u{1B}x"] {
      session.execute(command)
    }
    let text = session.transcript()
    #expect(Notebook.firstBinaryLine(Array(text.utf8)) == nil)
    let (outcome, printed, _) = try replay(text, ReplayOptions(check: true), session: Self.session())
    #expect(outcome.mismatches == 0, "\(printed)")
    #expect(outcome.exitCode(checking: true) == 0)
  }

  @Test func escapingIsIdempotentAndLeavesTextAlone() {
    #expect("a\u{1B}b\u{85}".escapingControlCharacters == #"a\x1bb\x85"#)
    #expect("a\u{1B}b".escapingControlCharacters.escapingControlCharacters == #"a\x1bb"#)
    #expect("é ü 日本\n".escapingControlCharacters == "é ü 日本\n")
  }
}
