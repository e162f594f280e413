import Foundation
import LayerKit
import PluginHost
import TensorCore
import Testing

@testable import ReplEngine

@Suite("Plugin loading")
struct PluginLoadingTests {
  @Test("both examples load and register their layer types with the plugin path as origin")
  func loadsExamples() throws {
    let built = try Support.plugins()
    let session = Session(workingDirectory: PluginFixtures.root)
    let before = session.registry.types.count
    let line = try session.loadPlugin(built.swish)
    #expect(line.hasPrefix("loaded plugin swish@1.0 from "))
    #expect(line.hasSuffix(": layer type swish"))
    try session.loadPlugin(built.gated)
    #expect(session.registry.types.count == before + 2)
    #expect(session.registry["swish"]?.origin == built.swish)
    #expect(session.registry["gated"]?.origin == built.gated)
    #expect(session.plugins.map(\.identity) == ["swish@1.0", "gated@0.1"])
    let gated = try #require(session.registry["gated"])
    #expect(gated.options.map(\.key) == ["gate_bias"])
    #expect(gated.options.first?.defaultValue == "1.0")
    #expect(gated.summary.contains("Swift plugin"))
  }

  @Test("plugin list shows identity, layer types and path")
  func listsPlugins() throws {
    let session = try Support.sessionWithExamples()
    let out = CommandOutput()
    CommandContext(session).listPlugins(out)
    let lines = out.text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("-") && !$0.hasPrefix("─") }
    #expect(lines.count == 3, "\(out.text)")
    #expect(lines[0].hasPrefix("plugin"))
    #expect(lines[1].hasPrefix("swish@1.0") && lines[1].contains("swish") && lines[1].hasSuffix("libswish.so"))
    #expect(lines[2].hasPrefix("gated@0.1") && lines[2].hasSuffix("libgated.so"))
    let empty = CommandOutput()
    CommandContext(Session(workingDirectory: PluginFixtures.root)).listPlugins(empty)
    #expect(empty.text.hasPrefix("no plugins loaded"))
  }

  @Test("REPL_PLUGIN_PATH loads absolute entries and refuses relative ones without looking them up")
  func searchPath() throws {
    let built = try Support.plugins()
    let session = Session(workingDirectory: PluginFixtures.root)
    let lines = session.loadPlugins(searchPath: "libswish.so::\(built.swish)")
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("error: REPL_PLUGIN_PATH entry 'libswish.so' is not an absolute path"))
    #expect(lines[1].hasPrefix("loaded plugin swish@1.0"))
    #expect(session.plugins.count == 1)
  }

  @Test("loading the same plugin twice is an error that changes nothing")
  func loadTwice() throws {
    let built = try Support.plugins()
    let session = try Support.sessionWithExamples()
    let message = Support.errorMessage { try session.loadPlugin(built.swish) }
    #expect(message?.contains("plugin swish@1.0 is already loaded") == true)
    #expect(session.plugins.count == 2)
  }

  @Test("plugin layers build inside a network with dotted parameter keys and declared shapes")
  func networkParameters() throws {
    let session = try Support.sessionWithExamples()
    let network = try Support.network("swish beta=0.5 | gated gate_bias=2", session, width: 3)
    #expect(network.parameters.map(\.0) == ["swish.beta", "gated.weight", "gated.bias"])
    #expect(network.parameters.map(\.1.value.shape) == [[3], [3, 3], [3]])
    #expect(network.parameters[0].1.value.data == [0.5, 0.5, 0.5])
    #expect(network.parameters[2].1.value.data == [2, 2, 2])
    #expect(network.outputShape == .sequence(3))
    let again = try Support.network("swish beta=0.5 | gated gate_bias=2", session, width: 3)
    #expect(again.parameters[1].1.value == network.parameters[1].1.value)
    let other = try Support.network("swish beta=0.5 | gated gate_bias=2", session, width: 3, seed: 8)
    #expect(other.parameters[1].1.value != network.parameters[1].1.value)
  }

  @Test("bad options and token input are one-line errors from the host or the plugin")
  func optionErrors() throws {
    let session = try Support.sessionWithExamples()
    let typed = Support.errorMessage { _ = try Support.network("gated gate_bias=abc", session) }
    #expect(typed == "layer 1 (gated): option 'gate_bias=' expects a number, got 'abc'")
    let plugin = Support.errorMessage { _ = try Support.network("swish beta=500", session) }
    #expect(plugin == "layer 1 (swish): beta= must be between 0 and 100")
    let tokens = Support.errorMessage {
      _ = try Network(
        spec: ModelSpec(layers: [LayerSpec(type: "swish")]), registry: session.registry, input: .tokens(vocabulary: 10),
        seed: 1)
    }
    #expect(tokens?.contains("needs a sequence or vector input, not token ids") == true)
  }

  @Test("padding never influences real outputs, and padded outputs are zero")
  func padding() throws {
    let session = try Support.sessionWithExamples()
    let network = try Support.network("swish | gated", session, width: 4)
    var input = Support.batch(lengths: [3, 1], time: 3, width: 4)
    let first = try network.forward(input, context: LayerContext(training: false))
    for i in 4..<12 { input.values.data[12 + i] = 100 }
    let second = try network.forward(input, context: LayerContext(training: false))
    #expect(first.values == second.values)
    #expect(second.values.data[16..<24].allSatisfy { $0 == 0 })
    #expect(second.values.data[0..<12].contains { $0 != 0 })
  }

  @Test("checkpoint metadata names each plugin layer type's plugin, and is checked on load")
  func checkpointMetadata() throws {
    let built = try Support.plugins()
    let session = try Support.sessionWithExamples()
    let network = try Support.network("swish | gated | swish", session)
    let metadata = session.workspace.pluginMetadata(for: network)
    let text = try #require(metadata[PluginRequirement.metadataKey])
    #expect(text == "swish\tswish@1.0\t\(built.swish)\ngated\tgated@0.1\t\(built.gated)")
    try session.workspace.checkPluginMetadata(metadata)
    let fresh = Session(workingDirectory: PluginFixtures.root)
    let missing = Support.errorMessage { try fresh.workspace.checkPluginMetadata(metadata) }
    #expect(
      missing
        == "checkpoint needs a plugin: layer type 'swish' from plugin swish@1.0 is not loaded (first: plugin load \(built.swish))"
    )
    try fresh.loadPlugin(built.swish)
    try fresh.loadPlugin(built.gated)
    try fresh.workspace.checkPluginMetadata(metadata)
    let wrong = [PluginRequirement.metadataKey: "swish\tswish@2.0\t\(built.swish)"]
    #expect(
      Support.errorMessage { try fresh.workspace.checkPluginMetadata(wrong) }?.contains("comes from swish@1.0") == true)
  }
}
