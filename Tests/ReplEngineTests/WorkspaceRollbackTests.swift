import Foundation
import ReplTestSupport
import Testing
import Training

@testable import ReplEngine

/// `Workspace.snapshot()`/`restore(_:)` put back models changed in place (weights, gradients, frozen
/// flags, history), not only which objects exist; a failed command therefore changes nothing.
@Suite struct WorkspaceRollbackTests {
  /// A session holding a dataset `d`, a vocabulary `v` and a small model `m`.
  static func sessionWithModel() throws -> Session {
    let session = Session(workingDirectory: temporaryFolder())
    for line in [
      "synth d n=40", "vocab v from d min_count=1", "model m = embedding dim=4 | pool mean | dense out=2 vocab=v",
    ] {
      let result = session.execute(line)
      try #require(result.succeeded, "\(line): \(result.output)")
    }
    return session
  }

  @Test func restoreUndoesInPlaceChangesToAModel() throws {
    let session = try WorkspaceRollbackTests.sessionWithModel()
    let before = WorkspaceSnapshot(session)
    let saved = session.workspace.snapshot()
    guard case .model(let model)? = session.objects["m"] else { return #expect(Bool(false), "no model m") }
    let (_, parameter) = try #require(model.network.parameters.first)
    parameter.value.data[0] += 1
    parameter.grad.data[0] = 7
    parameter.frozen.toggle()
    model.history.append(EpochRecord(epoch: 1, trainLoss: 0.5, trainAccuracy: 0.5, partial: false))
    model.labelNames = ["a", "b"]
    session.variables["x"] = "1"
    session.objects["n"] = session.objects["d"]
    #expect(WorkspaceSnapshot(session) != before)
    session.workspace.restore(saved)
    #expect(WorkspaceSnapshot(session) == before)
  }

  /// A script that freezes a layer and then fails is one failed command: the layer is not frozen.
  @Test func aFailedSourceLeavesTheModelsAsTheyWere() throws {
    let session = try WorkspaceRollbackTests.sessionWithModel()
    let script = session.workingDirectory + "/freeze-then-fail.repl"
    try "freeze m embedding\nno-such-command\n".write(toFile: script, atomically: true, encoding: .utf8)
    let before = WorkspaceSnapshot(session)
    #expect(!session.execute("source freeze-then-fail.repl").succeeded)
    #expect(WorkspaceSnapshot(session) == before)
  }

  /// Training stopped part way keeps the weights it reports keeping (Ctrl-C or a diverging loss).
  @Test func aDivergedTrainingKeepsItsHistoryAndWeights() throws {
    let session = try WorkspaceRollbackTests.sessionWithModel()
    let before = WorkspaceSnapshot(session)
    let result = session.execute("train m on d epochs=1 lr=1e30")
    #expect(!result.succeeded && result.output.contains("NaN or infinite"), "\(result.output)")
    guard case .model(let model)? = session.objects["m"] else { return #expect(Bool(false), "no model m") }
    #expect(model.history.count == 1)
    #expect(WorkspaceSnapshot(session) != before)
  }
}
