import Foundation
import ReplTestSupport
import Testing
import Training

@testable import ReplEngine

/// Training history that survives save/load, marks what a copy inherited and what data each run
/// used, and keeps per-step losses at a bounded resolution (issue 15 item 5).
@Suite struct FaithfulHistoryTests {
  /// A session with movies `d`, products `p`, vocabulary `v`, `src` trained 3 epochs on `d` and
  /// `ft`, a copy of `src` trained 2 epochs on `p` with another learning rate.
  func sessionWithFineTuning() -> Session {
    let session = Session(workingDirectory: temporaryFolder())
    for line in [
      "synth d domain=movies n=120 seed=1", "synth p domain=products n=40 seed=2", "vocab v from d,p min_count=1",
      "model src = embedding dim=8 | pool mean | dense out=2 vocab=v", "train src on d epochs=3",
      "model ft = copy src", "train ft on p epochs=2 lr=0.0005",
    ] {
      let result = session.execute(line)
      precondition(result.succeeded, result.output)
    }
    return session
  }

  @Test func stepLossCurveStaysWithinItsCapacityAndKeepsTheMean() {
    var curve = StepLossCurve(capacity: 100)
    let losses = (0..<1037).map { 1.0 + sin(Double($0)) }
    for loss in losses { curve.add(loss) }
    #expect(curve.points.count <= 100)
    #expect(curve.stepsPerPoint == 16)
    let full = curve.points.count * curve.stepsPerPoint
    let weighted =
      curve.points.reduce(0, +) * Double(curve.stepsPerPoint)
      + (curve.finished.count > curve.points.count ? curve.finished.last! * Double(losses.count - full) : 0)
    #expect(abs(weighted / Double(losses.count) - losses.reduce(0, +) / Double(losses.count)) < 1e-9)
    #expect(abs(curve.points[0] - losses[0..<16].reduce(0, +) / 16) < 1e-12)
  }

  @Test func aCopyMarksItsHistoryInheritedAndTrainingRecordsTheDataset() throws {
    let session = sessionWithFineTuning()
    let ft = try session.model("ft")
    #expect(ft.history.map(\.inheritedFrom) == ["src", "src", "src", nil, nil])
    #expect(ft.history.map(\.dataset) == ["d", "d", "d", "p", "p"])
    #expect(try session.model("src").history.allSatisfy { $0.inheritedFrom == nil })
  }

  @Test func saveAndLoadKeepRunsRatesDatasetsAndStepLosses() throws {
    let session = sessionWithFineTuning()
    #expect(session.execute("save ft to ft.safetensors").succeeded)
    #expect(session.execute("load back from ft.safetensors").succeeded)
    let before = try session.model("ft").history
    let after = try session.model("back").history
    #expect(after.map(\.run) == [1, 1, 1, 2, 2])
    #expect(after.map(\.learningRate) == before.map(\.learningRate))
    #expect(after.last?.learningRate == 0.0005)
    #expect(after.map(\.dataset) == before.map(\.dataset))
    #expect(after.map(\.inheritedFrom) == before.map(\.inheritedFrom))
    #expect(after.map(\.stepLosses) == before.map(\.stepLosses))
    #expect(after.map(\.runEpoch) == [1, 2, 3, 1, 2])
    let history = session.execute("history back").output
    #expect(history.contains("  2      2  "))
    #expect(history.contains("5.0e-4"))
  }

  @Test func plotDrawsInheritedHistoryOnceAndMarksADatasetChange() throws {
    let session = sessionWithFineTuning()
    let both = session.execute("plot src ft")
    #expect(both.succeeded)
    #expect(both.output.contains("src train") && both.output.contains("ft train"))
    #expect(!both.output.contains("inherited"))
    let alone = session.execute("plot ft").output
    #expect(alone.contains("ft train (d, inherited from src)") && alone.contains("ft train (p)"))
    #expect(session.execute("train src on p epochs=1").succeeded)
    let changed = session.execute("plot src").output
    #expect(changed.contains("src train (d)") && changed.contains("src train (p)"))
  }

  @Test func perStepPlotsAreBoundedPerRun() throws {
    let session = Session(workingDirectory: temporaryFolder())
    for line in [
      "synth d domain=movies n=800 seed=1", "vocab v from d min_count=1",
      "model m = embedding dim=4 | pool mean | dense out=2 vocab=v", "train m on d epochs=3 batch=1",
    ] {
      #expect(session.execute(line).succeeded)
    }
    let history = try session.model("m").history
    let points = history.compactMap(\.stepLosses).map(\.count)
    #expect(points.count == 3)
    #expect(points.reduce(0, +) <= HistoryRecorder.pointsPerRun + 3)
    #expect(history.allSatisfy { ($0.stepsPerPoint ?? 0) > 1 })
    for r in history {
      let losses = r.stepLosses ?? []
      let perPoint = Double(r.stepsPerPoint ?? 1)
      let steps = Double(r.stepsDone ?? 0)
      let full = Double(losses.count - 1) * perPoint
      let mean = (losses.dropLast().reduce(0, +) * perPoint + losses.last! * (steps - full)) / steps
      #expect(abs(mean - r.trainLoss) < 1e-4, "epoch \(r.epoch): \(mean) vs \(r.trainLoss)")
    }
    #expect(session.execute("plot m per=step").succeeded)
    #expect(
      session.execute("plot m per=step metric=accuracy").error?.hasPrefix("per=step draws the training loss only")
        == true)
  }
}
