import CReplPlugin
import LayerKit

#if canImport(Glibc)
  import Glibc
#endif

/// Opens plugin libraries with `dlopen` and reads their tables through the C ABI in
/// plugins/include/repl_plugin.h.
///
/// Libraries are opened with `RTLD_NOW | RTLD_LOCAL` from absolute paths only, and are never
/// closed: layer instances, and the functions that destroy them, may outlive any command.
public enum PluginLoader {
  /// The ABI version this host speaks, as `major.minor`.
  public static let abiVersion = "\(REPL_PLUGIN_ABI_MAJOR).\(REPL_PLUGIN_ABI_MINOR)"

  /// The canonical absolute path of an existing plugin file; relative paths are refused.
  public static func resolve(_ path: String) throws(PluginError) -> String {
    guard path.hasPrefix("/") else {
      throw PluginError("plugin path '\(path)' is not absolute (plugins are never looked up in the current directory)")
    }
    guard let resolved = realpath(path, nil) else { throw PluginError("no plugin file '\(path)'") }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// Opens the library at the absolute `path`, calls its entry point and reads its layer types.
  public static func load(_ path: String) throws(PluginError) -> LoadedPlugin {
    let path = try resolve(path)
    let table = try openTable(path)
    let plugin = table.pointee
    try checkVersion(plugin, path)
    guard let name = plugin.name.map({ String(cString: $0) }), isLayerTypeName(name),
      let version = plugin.version.map({ String(cString: $0) }), !version.isEmpty, !version.contains(" ")
    else { throw PluginError("plugin \(path) declares a missing or invalid name or version") }
    let identity = "\(name)@\(version)"
    guard plugin.layer_type_count >= 0, plugin.layer_type_count <= 256,
      plugin.layer_type_count == 0 || plugin.layer_types != nil
    else { throw PluginError("plugin \(path) (\(identity)) has an invalid layer type table") }
    var types: [LayerType] = []
    for index in 0..<Int(plugin.layer_type_count) {
      guard let entry = plugin.layer_types?[index] else { break }
      do {
        types.append(try PluginLayerType(entry, identity: identity).layerType(origin: path))
      } catch {
        throw PluginError("plugin \(path) (\(identity)): \(error.message)")
      }
    }
    if types.isEmpty { throw PluginError("plugin \(path) (\(identity)) provides no layer types") }
    return LoadedPlugin(path: path, name: name, version: version, layerTypes: types)
  }

  /// `dlopen` + `dlsym` + the entry call; each failure is an error naming the file.
  private static func openTable(_ path: String) throws(PluginError) -> UnsafePointer<repl_plugin> {
    _ = dlerror()
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      throw PluginError("cannot load plugin \(path): \(dlopenReason(path))")
    }
    guard let symbol = dlsym(handle, REPL_PLUGIN_ENTRY) else {
      throw PluginError(
        "\(path) is not a repl plugin: it has no '\(REPL_PLUGIN_ENTRY)' symbol (see plugins/include/README.md)")
    }
    let entry = unsafeBitCast(symbol, to: repl_plugin_init_fn.self)
    var table: UnsafePointer<repl_plugin>?
    let failure = pluginCall { err, size in
      table = entry(REPL_PLUGIN_ABI_MAJOR, REPL_PLUGIN_ABI_MINOR, err, size)
      return table == nil ? 1 : 0
    }
    guard let table else {
      throw PluginError("plugin \(path) refused to load: \(failure ?? "its entry point returned no table")")
    }
    return table
  }

  /// Refuses a plugin built for another major version, or for a newer minor one.
  private static func checkVersion(_ plugin: repl_plugin, _ path: String) throws(PluginError) {
    let built = "\(plugin.abi_major).\(plugin.abi_minor)"
    if plugin.abi_major != REPL_PLUGIN_ABI_MAJOR {
      throw PluginError(
        "plugin \(path) was built for plugin ABI \(built), but this repl speaks ABI \(abiVersion) "
          + "(rebuild it against plugins/include/repl_plugin.h)")
    }
    if plugin.abi_minor > REPL_PLUGIN_ABI_MINOR {
      throw PluginError(
        "plugin \(path) needs plugin ABI \(built), newer than this repl's \(abiVersion) (update the repl)")
    }
  }

  /// dlerror's reason without the repeated path, phrased for the common cases.
  private static func dlopenReason(_ path: String) -> String {
    var reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
    if reason.hasPrefix(path + ": ") { reason.removeFirst(path.count + 2) }
    if reason.contains("invalid ELF header") || reason.contains("file too short") {
      return "not a shared library (\(reason))"
    }
    return oneLine(reason)
  }
}
