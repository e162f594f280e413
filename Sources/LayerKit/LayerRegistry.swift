import Schema

/// The layer types a session knows: the built-ins from one explicit list plus run-time plugins.
public struct LayerRegistry: Sendable {
  /// Registered types in registration order.
  public private(set) var types: [LayerType] = []

  public init(_ types: [LayerType] = []) {
    for type in types { try? register(type) }
  }

  /// Adds a type; a name that is already taken is an error naming both origins.
  public mutating func register(_ type: LayerType) throws(LayerError) {
    if let existing = self[type.name] {
      throw LayerError("layer type '\(type.name)' from \(type.origin) is already defined (\(existing.origin))")
    }
    types.append(type)
  }

  /// The type called `name`, if any.
  public subscript(name: String) -> LayerType? { types.first { $0.name == name } }

  /// The type called `name`, or an error with the nearest known name.
  public func lookup(_ name: String) throws(LayerError) -> LayerType {
    if let type = self[name] { return type }
    let hint = suggestion(for: name, among: types.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
    throw LayerError("unknown layer type '\(name)'\(hint)")
  }
}
