import CReplPlugin
import LayerKit
import Schema

/// One layer type read from a plugin's table: its schema, its functions and where it came from.
struct PluginLayerType: Sendable {
  /// The name in model specs.
  let name: String
  /// The one-line summary.
  let summary: String
  /// The options, converted to the host's schema (same order as the plugin's table).
  let options: [OptionSpec]
  /// The C functions.
  let functions: PluginFunctions
  /// The plugin that provides it, for error messages (`swish@1.0`).
  let identity: String

  /// Reads and checks `type`; every problem is an error naming the field.
  init(_ type: repl_layer_type, identity: String) throws(PluginError) {
    guard let name = type.name.map({ String(cString: $0) }), isLayerTypeName(name) else {
      throw PluginError("a layer type has a missing or invalid name (use letters, digits, '_' or '-')")
    }
    do {
      self.summary = type.summary.map { oneLine(String(cString: $0)) } ?? ""
      self.options = try PluginLayerType.readOptions(type)
      self.functions = try PluginFunctions(type)
    } catch {
      throw PluginError("layer type '\(name)': \(error.message)")
    }
    self.name = name
    self.identity = identity
  }

  /// The host's view of it, with `origin` set to the plugin's absolute path.
  func layerType(origin: String) -> LayerType {
    LayerType(name: name, summary: summary, options: options, origin: origin) { options, shape, rng in
      try PluginLayer(type: self, options: options, input: shape, seed: rng.next())
    }
  }

  private static func readOptions(_ type: repl_layer_type) throws(PluginError) -> [OptionSpec] {
    guard type.option_count >= 0, type.option_count <= 256 else {
      throw PluginError("option_count \(type.option_count) is out of range")
    }
    if type.option_count == 0 { return [] }
    guard let table = type.options else {
      throw PluginError("option_count is \(type.option_count) but options is NULL")
    }
    var specs: [OptionSpec] = []
    for index in 0..<Int(type.option_count) {
      let spec = try readOption(table[index])
      if specs.contains(where: { $0.key == spec.key }) { throw PluginError("option '\(spec.key)' is declared twice") }
      specs.append(spec)
    }
    return specs
  }

  private static func readOption(_ c: repl_option_spec) throws(PluginError) -> OptionSpec {
    guard let key = c.key.map({ String(cString: $0) }), isLayerTypeName(key) else {
      throw PluginError("an option has a missing or invalid key")
    }
    let kind: OptionKind
    switch c.kind {
    case Int32(REPL_OPTION_INT.rawValue): kind = .int()
    case Int32(REPL_OPTION_FLOAT.rawValue): kind = .float()
    case Int32(REPL_OPTION_BOOL.rawValue): kind = .bool
    case Int32(REPL_OPTION_STRING.rawValue): kind = .string
    case Int32(REPL_OPTION_CHOICE.rawValue):
      let words = c.choices.map { String(cString: $0).split(separator: "|").map(String.init) } ?? []
      if words.isEmpty { throw PluginError("choice option '\(key)' has no choices") }
      kind = .choice(words)
    default: throw PluginError("option '\(key)' has unknown kind \(c.kind)")
    }
    let defaultValue = c.default_value.map { String(cString: $0) }
    let help = c.help.map { oneLine(String(cString: $0)) } ?? ""
    let spec = OptionSpec(key, kind, default: defaultValue, required: defaultValue == nil, help: help)
    if let defaultValue {
      do { _ = try Options([(key, defaultValue)], specs: [spec]) } catch {
        throw PluginError("the default of option '\(key)' is invalid: \(error.message)")
      }
    }
    return spec
  }
}

/// Whether `name` is usable in a model spec: letters, digits, `_` or `-`, starting with a letter.
func isLayerTypeName(_ name: String) -> Bool {
  guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
  return name.unicodeScalars.allSatisfy {
    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
  }
}
