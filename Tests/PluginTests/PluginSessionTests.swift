import LayerKit
import Testing

@testable import ReplEngine

/// Plugins at the prompt: the commands, `help layers`, and plugin layers in models like built-ins.
@Suite("Plugins in a session")
struct PluginSessionTests {
  @Test("plugin load, plugin list, help layers, completion and a model using both plugin layers")
  func commands() throws {
    let built = try Support.plugins()
    let session = Session(workingDirectory: PluginFixtures.root)
    #expect(Support.run(session, "plugin load \"\(built.swish)\"").hasPrefix("loaded plugin swish@1.0 from "))
    Support.run(session, "plugin load \(built.gated)")
    let list = Support.run(session, "plugin list")
    #expect(list.contains("swish@1.0") && list.contains("gated@0.1") && list.contains(built.gated))
    #expect(session.layerTypes.suffix(2) == ["swish", "gated"])
    #expect(session.layerOptionKeys("gated") == ["gate_bias"])
    let help = Support.run(session, "help layers")
    #expect(help.contains("learned feature gate (Swift plugin)") && help.contains(built.swish))
    let model = Support.run(
      session, "model m = embedding dim=6 | swish beta=2 | gated | pool mean | dense out=2 vocab_size=20")
    #expect(model.hasPrefix("m: 5 layers"), "\(model)")
    let network = try session.model("m").network
    #expect(network.parameters.map(\.0).contains("gated.weight"))
    Support.run(session, "freeze m swish")
    #expect(network.trainableParameters.contains { $0.0 == "swish.beta" } == false)
    Support.run(session, "model m2 = copy m")
    #expect(try session.model("m2").network.parameters.map(\.1.value) == network.parameters.map(\.1.value))
  }

  @Test("a failed plugin load is one error line and the session goes on")
  func failureContinues() throws {
    let built = try Support.plugins()
    let session = Session(workingDirectory: PluginFixtures.root)
    let bad = session.execute("plugin load \(built.badABI)")
    #expect(bad.status == .failed)
    #expect(bad.output.hasPrefix("error: plugin ") && bad.output.split(separator: "\n").count == 1, "\(bad.output)")
    let unknown = session.execute("model m = embedding dim=4 | swsh | pool mean | dense out=2 vocab_size=9")
    #expect(unknown.status == .failed)
    Support.run(session, "plugin load \(built.swish)")
    Support.run(session, "model m = embedding dim=4 | swish | pool mean | dense out=2 vocab_size=9")
  }
}
