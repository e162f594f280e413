import ReplTestSupport
import Testing
import Training

@testable import ReplEngine

/// Redefining an object that holds trained weights (or, at the prompt, took long to make): a
/// script fails with one line naming `replace=yes` and `drop`; the prompt asks; nothing changes
/// when the answer is no.
@Suite struct ReplaceObjectTests {
  /// A session with dataset `d`, vocabulary `v` and model `m`, trained for one epoch.
  func trainedSession() -> Session {
    let session = Session(workingDirectory: temporaryFolder())
    for line in [
      "synth d domain=movies n=40 seed=1", "vocab v from d min_count=1",
      "model m = embedding dim=4 | pool mean | dense out=2 vocab=v", "train m on d epochs=1",
    ] {
      let result = session.execute(line)
      precondition(result.succeeded, result.output)
    }
    return session
  }

  let rebuild = "model m = embedding dim=8 | pool mean | dense out=2 vocab=v"

  @Test func aScriptCannotSilentlyReplaceATrainedModel() throws {
    let session = trainedSession()
    let before = try session.model("m")
    let result = session.execute(rebuild)
    #expect(result.status == .failed)
    #expect(
      result.error == "model 'm' holds trained weights (1 epoch): add replace=yes to replace it, or 'drop m' first")
    #expect(try session.model("m") === before)
    #expect(session.execute("model m = copy m").status == .failed)
    #expect(session.execute("model m = copy m replace=maybe").error == "replace= expects yes or no, got 'maybe'")
  }

  @Test func replaceYesOrDropLetsTheModelBeRedefined() throws {
    let session = trainedSession()
    #expect(session.execute(rebuild + " replace=yes").succeeded)
    #expect(try session.model("m").history.isEmpty)
    #expect(session.execute("train m on d epochs=1").succeeded)
    #expect(session.execute("model c = copy m").succeeded)
    #expect(session.execute("model c = copy m replace=yes").succeeded)
    #expect(session.execute("drop m").succeeded)
    #expect(session.execute(rebuild).succeeded)
  }

  @Test func untrainedModelsAndQuickDatasetsAreReplacedWithoutFuss() {
    let session = trainedSession()
    #expect(session.execute("model u = embedding dim=4 | pool mean | dense out=2 vocab=v").succeeded)
    #expect(session.execute("model u = embedding dim=6 | pool mean | dense out=2 vocab=v").succeeded)
    #expect(session.execute("synth d domain=products n=30").succeeded)
    #expect(session.execute("vocab v from d min_count=1").succeeded)
  }

  @Test func thePromptAsksAndKeepsTheObjectWhenTheAnswerIsNo() throws {
    let session = trainedSession()
    var questions: [String] = []
    var answer = false
    session.confirm = {
      questions.append($0)
      return answer
    }
    let before = try session.model("m")
    let declined = session.execute(rebuild)
    #expect(declined.status == .failed)
    #expect(declined.error?.hasPrefix("kept model 'm'; nothing changed") == true)
    #expect(questions == ["replace model 'm', which holds trained weights (1 epoch)? [y/N] "])
    #expect(try session.model("m") === before)
    answer = true
    #expect(session.execute(rebuild).succeeded)
    #expect(try session.model("m") !== before)
  }

  @Test func aSlowlyMadeDatasetIsConfirmedAtThePromptOnly() {
    let session = trainedSession()
    session.slowlyMade["d"] = .seconds(12)
    #expect(session.execute("split d train=0.5 test=0.5").succeeded)
    #expect(session.execute("synth d domain=movies n=20").succeeded, "scripts do not depend on timing")
    session.slowlyMade["d"] = .seconds(12)
    session.confirm = { _ in false }
    #expect(session.execute("synth d domain=movies n=20").error?.hasPrefix("kept dataset 'd'") == true)
    #expect(session.execute("synth d domain=movies n=20 replace=yes").succeeded)
    #expect(session.slowlyMade["d"] == nil)
  }
}
