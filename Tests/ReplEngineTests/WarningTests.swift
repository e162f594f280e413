import ReplTestSupport
import Testing
import TextData

@testable import ReplEngine

/// Results that would look confident but mean little come with a `warning:` line (the command still
/// succeeds and prints its result).
@Suite struct WarningTests {
  /// A session with `d` (synthetic reviews), its vocabulary `v`, a trained classifier `clf` and a
  /// trained language model `lm`.
  static func session() -> Session {
    ReplTestSupport.session(running: [
      "synth d n=300", "vocab v from d", "model clf = embedding dim=8 | pool mean | dense out=2 vocab=v",
      "train clf on d epochs=1", "model lm = embedding dim=8 | lstm hidden=8 | dense out=vocab vocab=v",
      "train lm on d task=lm epochs=1",
    ])
  }

  func warnings(_ output: String) -> [Substring] {
    output.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
  }

  /// Runs `command`: it succeeds, prints its result, and warns exactly `expected` (nil: nothing).
  func expect(_ session: Session, _ command: String, warns expected: String?) {
    let result = session.execute(command)
    #expect(result.succeeded, "\(command): \(result.output)")
    #expect(warnings(result.output) == (expected.map { [Substring($0)] } ?? []), "\(command): \(result.output)")
    #expect(result.output.split(separator: "\n").count > warnings(result.output).count, "no result: \(result.output)")
  }

  static let predictNote = "so the prediction says nothing about this text"
  static let generateNote = "so the generated text does not continue it"

  @Test(arguments: [
    ("predict clf \"\"", "warning: the text has no words, \(predictNote)"),
    (
      "predict clf \"zzz qqq xyzzy\"",
      "warning: none of its 3 words is in the vocabulary of clf (read as <unk>), \(predictNote)"
    ),
    ("predict clf \"the film was good zzz\"", nil),
    ("generate lm \"\" n=3", "warning: the prompt has no words, \(generateNote)"),
    (
      "generate lm \"xyzzy\" n=3",
      "warning: its one word is not in the vocabulary of lm (read as <unk>), \(generateNote)"
    ),
    ("generate lm \"the\" n=3", nil),
  ])
  func anEmptyOrUnknownInputWarns(command: String, expected: String?) {
    expect(WarningTests.session(), command, warns: expected)
  }

  @Test func trainingWarnsOnceWhenTheLossDiverges() {
    let session = WarningTests.session()
    #expect(session.execute("model big = embedding dim=8 | pool mean | dense out=2 vocab=v").succeeded)
    let diverging = session.execute("train big on d epochs=2 lr=100")
    #expect(diverging.succeeded, "\(diverging.output)")
    let found = warnings(diverging.output)
    #expect(found.count == 1, "\(diverging.output)")
    #expect(found.first?.contains("training is diverging; try a lower lr= (now 100) or clip=1") == true)
    #expect(session.execute("model calm = embedding dim=8 | pool mean | dense out=2 vocab=v").succeeded)
    #expect(warnings(session.execute("train calm on d epochs=2").output).isEmpty)
  }

  @Test func evaluationWarnsWhenTheVocabularyBarelyCoversTheData() {
    let session = WarningTests.session()
    let foreign = (0..<20).map { Example(text: "zorp blat quux \($0 % 2 == 0 ? "good" : "bad")", label: $0 % 2) }
    session.define("alien", .dataset(Dataset(examples: foreign, labelNames: ["neg", "pos"], source: "test")))
    let expected = "warning: the vocabulary of clf knows only 25.0% of the 80 tokens of alien (the rest read as <unk>)"
    for command in ["eval clf on alien", "predict clf on alien n=1", "compare clf on alien"] {
      let result = session.execute(command)
      #expect(result.succeeded, "\(command): \(result.output)")
      #expect(warnings(result.output).count == 1 && result.output.contains(expected), "\(command): \(result.output)")
    }
    #expect(warnings(session.execute("eval clf on d").output).isEmpty)
  }
}
