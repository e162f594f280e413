import Foundation
import LayerKit
import Testing

@testable import ReplEngine

/// A model of plugin layers through the whole prompt workflow: train, save, reload, transfer,
/// freeze; a checkpoint without its plugin; a plugin that fails in the middle of training.
@Suite("Plugins end to end")
struct PluginEndToEndTests {
  /// A session with both examples loaded and a small synthetic corpus with a vocabulary.
  private func sessionWithData() throws -> Session {
    let session = try Support.sessionWithExamples()
    Support.run(session, "synth d domain=movies n=160 seed=1")
    Support.run(session, "split d train=0.8 test=0.2 seed=1")
    Support.run(session, "vocab v from d.train size=400 min_count=1")
    return session
  }

  private static let spec = "embedding dim=8 | swish | gated | pool mean | dense out=2 vocab=v"

  @Test("train, save, reload in a session with and without the plugins, transfer and freeze")
  func workflow() throws {
    let session = try sessionWithData()
    Support.run(session, "model m = \(Self.spec)")
    let before = try session.model("m").network.parameters.map(\.1.value)
    Support.run(session, "train m on d.train epochs=2 batch=16 lr=0.01 seed=1")
    let trained = try session.model("m").network.parameters
    #expect(zip(before, trained).contains { $0 != $1.1.value })
    let file = NSTemporaryDirectory() + "plugin-e2e-\(getpid()).safetensors"
    defer { try? FileManager.default.removeItem(atPath: file) }
    Support.run(session, "save m to \(file)")
    Support.run(session, "load m2 from \(file)")
    #expect(try session.model("m2").network.parameters.map(\.1.value) == trained.map(\.1.value))

    let bare = Session(workingDirectory: PluginFixtures.root)
    let missing = bare.execute("load m from \(file)")
    #expect(missing.status == .failed)
    #expect(missing.output.contains("swish") && missing.output.contains("plugin"), "\(missing.output)")

    Support.run(session, "model t = \(Self.spec)")
    Support.run(session, "transfer m -> t layers=embedding,swish,gated freeze=swish")
    let target = try session.model("t").network
    let beta = try #require(target.parameters.first { $0.0 == "swish.beta" }?.1)
    #expect(beta.frozen && beta.value == trained.first { $0.0 == "swish.beta" }?.1.value)
    Support.run(session, "train t on d.train epochs=1 batch=16 seed=2")
    #expect(beta.value == trained.first { $0.0 == "swish.beta" }?.1.value)
  }

  @Test("a plugin whose forward fails mid-training: one error line, last good weights, session goes on")
  func failingForward() throws {
    let session = try sessionWithData()
    try session.loadPlugin(try Support.plugins().flaky)
    Support.run(session, "model f = embedding dim=8 | flaky fail_after=4 | pool mean | dense out=2 vocab=v")
    let result = session.execute("train f on d.train epochs=3 batch=16 seed=1")
    #expect(result.status == .failed)
    #expect(
      result.output.contains("error: layer 'flaky' (plugin flaky@1.0): forward failed: simulated failure on call 5"),
      "\(result.output)")
    let weights = try session.model("f").network.parameters.map(\.1.value)
    #expect(weights.allSatisfy { $0.data.allSatisfy(\.isFinite) })
    Support.run(session, "show f")
    Support.run(session, "model g = \(Self.spec)")
  }
}

/// `export` writes PyTorch code for the built-in layers only.
@Suite("Plugins and export")
struct PluginExportTests {
  @Test("a model with a run-time plugin layer is refused: one line, no folder")
  func exportRefusesPluginLayers() throws {
    let session = try Support.sessionWithExamples()
    Support.run(session, "synth d domain=movies n=40 seed=1")
    Support.run(session, "vocab v from d min_count=1")
    Support.run(session, "model m = embedding dim=8 | swish | pool mean | dense out=2 vocab=v")
    let folder = NSTemporaryDirectory() + "plugin-export-\(getpid())"
    let result = session.execute("export m to \(folder)")
    #expect(result.status == .failed)
    #expect(result.output.split(separator: "\n").count == 1, "\(result.output)")
    #expect(result.output.contains("'m' has the run-time plugin layer 'swish'"), "\(result.output)")
    #expect(result.output.contains("export writes PyTorch code for the built-in layers only"))
    #expect(!FileManager.default.fileExists(atPath: folder))
  }
}
