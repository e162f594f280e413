import Testing

@testable import Notebook

@Suite struct OutputMatcherTests {
  let exact = OutputMatcher()

  @Test func exactLinesMatchAndDifferentOnesDoNot() {
    #expect(exact.matches(["a", "b"], ["a", "b"]))
    #expect(!exact.matches(["a", "b"], ["a", "c"]))
    #expect(!exact.matches(["a"], ["a", "b"]))
  }

  @Test func inlineWildcardsMatchAnyText() {
    #expect(exact.lineMatches("epoch 1/3  loss 0.683  [TIME]", "epoch 1/3  loss 0.683  [TIME]"))
    #expect(exact.lineMatches("speed [RATE], saved [..] ok", "speed 12.3k tok/s, saved anything here ok"))
    #expect(exact.lineMatches("read [PATH]", "read /x/y"))
    #expect(!exact.lineMatches("loss [..] acc 0.9", "loss 0.1 acc 0.8"))
  }

  @Test func ellipsisLineMatchesAnyNumberOfLines() {
    #expect(exact.matches(["epoch 1", "...", "done"], ["epoch 1", "epoch 2", "epoch 3", "done"]))
    #expect(exact.matches(["epoch 1", "...", "done"], ["epoch 1", "done"]))
    #expect(!exact.matches(["epoch 1", "...", "done"], ["epoch 1", "epoch 2"]))
  }

  @Test func toleranceAcceptsSmallRelativeDifferencesOnly() {
    let tol = OutputMatcher(tolerance: 1e-3)
    #expect(tol.lineMatches("accuracy 0.81234 f1 12", "accuracy 0.81240 f1 12"))
    #expect(!tol.lineMatches("accuracy 0.81234", "accuracy 0.82000"))
    #expect(!exact.lineMatches("accuracy 0.81234", "accuracy 0.81240"))
    #expect(tol.lineMatches("loss 1.5e-3", "loss 0.0015"))
    #expect(!tol.lineMatches("epoch 2/5", "epoch 3/5"))
  }

  @Test func diffKeepsMatchingExpectedSpellings() {
    let diff = LineDiff(["a [TIME]", "b", "c"], ["a [TIME]", "x", "c"], equal: exact.lineMatches)
    #expect(diff.merged == ["a [TIME]", "x", "c"])
    let text = diff.unified(file: "f.txt", line: 7, command: "list")
    #expect(text.contains("--- f.txt:7 expected"))
    #expect(text.contains("\n-b\n+x\n"))
    #expect(text.contains("@@ -7,3 +7,3 @@"))
  }
}
