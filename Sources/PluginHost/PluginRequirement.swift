import LayerKit

/// A checkpoint's record that one of its layer types came from a plugin: the type, the plugin's
/// identity (`name@version`) and the path it was loaded from (a hint for the error message).
public struct PluginRequirement: Sendable, Equatable {
  /// The layer type name used in the model spec.
  public let layerType: String
  /// The plugin's `name@version`.
  public let identity: String
  /// The library path it was loaded from when the checkpoint was written.
  public let path: String

  /// A requirement for `layerType` from the plugin `identity` at `path`.
  public init(layerType: String, identity: String, path: String) {
    self.layerType = layerType
    self.identity = identity
    self.path = path
  }

  /// The metadata key checkpoints store the encoded requirements under.
  public static let metadataKey = "repl.plugins"

  /// The plugin layer types `network` uses, each with the plugin that provides it (built-ins omitted).
  public static func of(_ network: Network, registry: LayerRegistry, plugins: [LoadedPlugin]) -> [PluginRequirement] {
    var result: [PluginRequirement] = []
    for named in network.layers where !result.contains(where: { $0.layerType == named.layer.typeName }) {
      guard let origin = registry[named.layer.typeName]?.origin,
        let plugin = plugins.first(where: { $0.path == origin })
      else { continue }
      result.append(PluginRequirement(layerType: named.layer.typeName, identity: plugin.identity, path: plugin.path))
    }
    return result
  }

  /// One line per requirement, `type<TAB>identity<TAB>path` (empty for none): a metadata value.
  public static func encode(_ requirements: [PluginRequirement]) -> String {
    requirements.map { "\($0.layerType)\t\($0.identity)\t\($0.path)" }.joined(separator: "\n")
  }

  /// The requirements in a metadata value written by `encode`; malformed lines are an error.
  public static func decode(_ text: String) throws(PluginError) -> [PluginRequirement] {
    try text.split(separator: "\n").map { line throws(PluginError) in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard fields.count == 3 else { throw PluginError("malformed plugin record '\(oneLine(String(line)))'") }
      return PluginRequirement(layerType: fields[0], identity: fields[1], path: fields[2])
    }
  }

  /// Fails unless `registry` provides this layer type from the same plugin (name and version).
  public func check(registry: LayerRegistry, plugins: [LoadedPlugin]) throws(PluginError) {
    let needed = "layer type '\(layerType)' from plugin \(identity)"
    guard let type = registry[layerType] else {
      throw PluginError("\(needed) is not loaded (first: plugin load \(path))")
    }
    guard let loaded = plugins.first(where: { $0.path == type.origin }) else {
      throw PluginError("\(needed) is needed, but '\(layerType)' here is \(type.origin)")
    }
    if loaded.identity != identity {
      throw PluginError("\(needed) is needed, but the loaded one comes from \(loaded.identity) (\(loaded.path))")
    }
  }
}
