import ReplTestSupport
import Testing
import TextData

@testable import ReplEngine

/// The model commands typed as lines, through the real parser and `Session.execute`.
@Suite struct ModelCommandTests {
  static func session() -> Session {
    let session = Session(workingDirectory: temporaryFolder())
    session.define("v", .vocabulary(Vocabulary(words: (0..<18).map { "w\($0)" }, settings: TokenizerSettings())))
    return session
  }

  @Test func modelShowFreezeAsTyped() {
    let session = Self.session()
    let built = session.execute("model clf = embedding dim=4 | pool last | dense out=2 vocab=v")
    #expect(built.status == .ok)
    #expect(built.output == "clf: 3 layers, 90 parameters, output 2\n")
    #expect(session.execute("freeze clf embedding").output == "clf: froze embedding; trainable parameters 10 of 90\n")
    #expect(
      session.execute("show clf").output == """
        clf: 3 layers reading token ids, vocabulary 20 words
        layer      type       output  parameters  trainable  frozen
        ---------  ---------  ------  ----------  ---------  ------
        embedding  embedding  T×4             80          0  frozen
        pool       pool       4                0          0
        dense      dense      2               10         10
        total                                 90         10

        """)
    #expect(session.execute("show clf.dense").output.hasPrefix("clf.dense: dense, input 4, output 2\n"))
    #expect(
      session.execute("unfreeze clf all").output
        == "clf: unfroze embedding, pool, dense; trainable parameters 90 of 90\n")
    #expect(
      session.execute("model lm = embedding dim=4 | transformer heads=2 | dense out=vocab vocab=v").output
        == "lm: 3 layers, 2,472 parameters, output T×20\n")
    #expect(session.execute("model c2 = copy clf").status == .ok)
  }

  @Test func badSpecIsOneErrorLineAndChangesNothing() {
    let session = Self.session()
    let before = session.objectNames
    let result = session.execute("model clf = embedding dim=8 | lstm hidden=8 | dense out=2 vocab=v")
    #expect(result.status == .failed)
    #expect(result.output.hasPrefix("error: layer "))
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(session.objectNames == before)
    let typo = session.execute("model clf = embedding dim=8 | pool lsat | dense out=2 vocab=v")
    #expect(
      typo.output
        == "error: layer 2 (pool): option 'mode=' must be one of last, mean, max, concat, cls, got 'lsat' (did you mean 'last'?)\n"
    )
  }
}
