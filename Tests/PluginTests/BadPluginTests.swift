import LayerKit
import PluginHost
import TensorCore
import Testing

@testable import ReplEngine

@Suite("Bad plugins")
struct BadPluginTests {
  /// Loads `path` into a fresh session, expects a one-line error containing `expected`, and checks
  /// that the session is unchanged and can still load a good plugin afterwards.
  private func expectRefused(_ path: String, _ expected: String) throws {
    let session = Session(workingDirectory: PluginFixtures.root)
    let types = session.registry.types.map(\.name)
    let message = try #require(Support.errorMessage { try session.loadPlugin(path) })
    #expect(message.contains(expected), "\(message)")
    #expect(!message.contains("\n"))
    #expect(session.registry.types.map(\.name) == types)
    #expect(session.plugins.isEmpty)
    try session.loadPlugin(try Support.plugins().swish)
    #expect(session.registry["swish"] != nil)
  }

  @Test("a file that is not a shared library")
  func notALibrary() throws {
    try expectRefused(try Support.plugins().notALibrary, "libnotalib.so: not a shared library (")
  }

  @Test("a missing file")
  func missingFile() throws {
    try expectRefused("/nonexistent/libnothing.so", "no plugin file '/nonexistent/libnothing.so'")
  }

  @Test("a library without the entry symbol")
  func missingEntry() throws {
    try expectRefused(try Support.plugins().noEntry, "is not a repl plugin: it has no 'repl_plugin_init' symbol")
  }

  @Test("a plugin built for another major ABI version")
  func wrongABI() throws {
    try expectRefused(
      try Support.plugins().badABI,
      "was built for plugin ABI 2.0, but this repl speaks ABI \(PluginLoader.abiVersion) (rebuild it against")
  }

  @Test("an entry point that refuses, with its message made one line")
  func refusing() throws {
    try expectRefused(try Support.plugins().refusing, "refused to load: needs a GPU that this machine lacks")
  }

  @Test("a duplicate layer type name is refused and the first one stays")
  func duplicateName() throws {
    let built = try Support.plugins()
    let session = try Support.sessionWithExamples()
    let message = try #require(Support.errorMessage { try session.loadPlugin(built.duplicate) })
    #expect(
      message.contains("layer type 'swish' from \(built.duplicate) is already defined (\(built.swish))"), "\(message)")
    #expect(session.registry["swish"]?.origin == built.swish)
    #expect(session.plugins.map(\.identity) == ["swish@1.0", "gated@0.1"])
  }

  @Test("a forward error mid-training stops with a clear error and the weights of the last good step")
  func forwardFailsMidTraining() throws {
    let session = try Support.sessionWithExamples()
    try session.loadPlugin(try Support.plugins().flaky)
    let network = try Support.network("flaky fail_after=3 | swish", session)
    let input = Support.batch(lengths: [2, 2], time: 2, width: 4)
    let target = Tensor(shape: [2, 2, 4], repeating: 0.25)
    for _ in 0..<3 { _ = try Support.sgdStep(network, input, target, lr: 0.1) }
    let good = network.parameters.map(\.1.value)
    let message = Support.errorMessage { _ = try Support.sgdStep(network, input, target, lr: 0.1) }
    #expect(message == "layer 'flaky' (plugin flaky@1.0): forward failed: simulated failure on call 4")
    #expect(network.parameters.map(\.1.value) == good)
    #expect(try Support.network("swish", session).parameters.count == 1)
  }
}
