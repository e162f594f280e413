import LayerKit

/// A plugin library that was opened and checked: where it is, what it calls itself, its layer types.
public struct LoadedPlugin: Sendable {
  /// The library's absolute, symlink-free path (also each of its layer types' `origin`).
  public let path: String
  /// The name the plugin declares.
  public let name: String
  /// The version the plugin declares.
  public let version: String
  /// Its layer types, ready to register.
  public let layerTypes: [LayerType]

  /// `name@version`: what a checkpoint records so that loading it can check for the same plugin.
  public var identity: String { "\(name)@\(version)" }

  /// Registers every layer type into `registry`, all or none: a name already taken is an error and
  /// leaves the registry unchanged.
  public func register(into registry: inout LayerRegistry) throws(LayerError) {
    var updated = registry
    for type in layerTypes { try updated.register(type) }
    registry = updated
  }
}
