import Foundation
import ReplTestSupport
import Testing
import TextData

@testable import ReplEngine

/// `load NAME from FILE vocab=V` on the real GloVe 6B 50-d file (100,000 words): only the rows of
/// V's words, with the same numbers as a full load.
@Suite(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
struct VectorsVocabularyTests {
  static let glove = TestPaths.data + "/glove-6b-50d-top100k/glove.6B.50d.top100k.txt"

  static func vectors(_ session: Session, _ name: String) throws -> WordVectors {
    guard case .vectors(let v)? = session.objects[name] else { throw ReplError("no vectors '\(name)'") }
    return v
  }

  @Test func vocabularyKeepsOnlyItsWordsWithTheSameNumbers() throws {
    let session = Session(workingDirectory: temporaryFolder())
    for line in [
      "load d from \(TestPaths.data)/uci-sentiment-sentences/amazon_cells_labelled.txt",
      "vocab v from d", "load all from \(Self.glove)", "load some from \(Self.glove) vocab=v",
    ] {
      let result = session.execute(line)
      try #require(result.succeeded, "\(line): \(result.output)")
    }
    let all = try Self.vectors(session, "all")
    let some = try Self.vectors(session, "some")
    #expect(all.words.count == 100_000 && all.dimension == 50)
    let vocabulary = try session.vocabulary("v")
    let wanted = Set(vocabulary.tokens)
    let expected = all.words.enumerated().filter { wanted.contains($0.element) }
    #expect(some.words == expected.map(\.element) && some.dimension == 50)
    #expect(some.words.count > vocabulary.count / 2 && some.words.count < vocabulary.count)
    for (k, (row, _)) in expected.enumerated() {
      #expect(Array(some.values[(k * 50)..<(k * 50 + 50)]) == Array(all.values[(row * 50)..<(row * 50 + 50)]))
    }
  }

  @Test(arguments: [
    ("load g from GLOVE vocab=w", "option 'vocab=': 'w' is not a vocabulary"),
    ("load g from GLOVE vocab=d", "option 'vocab=': 'd' is not a vocabulary"),
    ("load g from UCI vocab=v", "option 'vocab=' applies to word vectors only"),
    ("load g from UCI format=uci vocab=v", "option 'vocab=' applies to word vectors only"),
  ])
  func badVocabularyIsOneLineAndChangesNothing(_ line: String, _ expected: String) throws {
    let session = Session(workingDirectory: temporaryFolder())
    let uci = "\(TestPaths.data)/uci-sentiment-sentences/amazon_cells_labelled.txt"
    for setup in ["load d from \(uci)", "vocab v from d"] { try #require(session.execute(setup).succeeded) }
    let before = WorkspaceSnapshot(session)
    let result = session.execute(
      line.replacingOccurrences(of: "GLOVE", with: Self.glove).replacingOccurrences(of: "UCI", with: uci))
    #expect(
      !result.succeeded && result.output.hasPrefix("error: ") && result.output.contains(expected), "\(result.output)")
    #expect(result.output.split(separator: "\n").count == 1)
    #expect(WorkspaceSnapshot(session) == before)
  }
}
