import CommandLanguage
import LayerKit
import PluginHost
import Schema

extension CommandContext {
  /// The plugin commands, each declared once: grammar, options with defaults, and what it does.
  static let pluginCommands: [Command] = [
    Command(
      "plugin load", category: "Plugins", abstract: "Load layer types from a shared library (C ABI)",
      arguments: [.value("PATH", .path)], example: "plugin load plugins/examples/swish/libswish.so",
      discussion:
        "Build the examples first (see plugins/examples/*/README.md). Relative paths are resolved against the working folder; REPL_PLUGIN_PATH (absolute paths, colon-separated) loads plugins at start. The C ABI is plugins/include/repl_plugin.h."
    ) { context, parsed, out in
      guard let path = parsed.argument("PATH") else { throw ReplError("plugin load needs a PATH") }
      out.line(try context.workspace.loadPlugin(context.resolvePath(path), shownFrom: context.workingDirectory))
    },
    Command(
      "plugin list", category: "Plugins", abstract: "List loaded plugins and their layer types", example: "plugin list"
    ) { context, _, out in context.listPlugins(out) },
  ]
}

extension Workspace {
  /// Loads the plugin library at the absolute `path` and registers its layer types, all or none.
  /// Returns the summary line (paths shown relative to `directory`); any failure leaves the workspace
  /// unchanged.
  @discardableResult
  public mutating func loadPlugin(_ path: String, shownFrom directory: String) throws -> String {
    do {
      let resolved = try PluginLoader.resolve(path)
      if let loaded = plugins.first(where: { $0.path == resolved }) {
        throw ReplError("plugin \(loaded.identity) is already loaded from \(displayPath(resolved, from: directory))")
      }
      let plugin = try PluginLoader.load(resolved)
      var updated = registry
      try plugin.register(into: &updated)
      registry = updated
      plugins.append(plugin)
      let names = plugin.layerTypes.map(\.name)
      let noun = names.count == 1 ? "layer type" : "layer types"
      return
        "loaded plugin \(plugin.identity) from \(displayPath(resolved, from: directory)): \(noun) \(names.joined(separator: ", "))"
    } catch let error as PluginError {
      throw ReplError(error.message)
    } catch let error as LayerError {
      throw ReplError("cannot load plugin \(displayPath(path, from: directory)): \(error.message)")
    }
  }

  /// What a checkpoint of `network` must record about plugins: `[PluginRequirement.metadataKey: …]`,
  /// or nothing when every layer is built in. Store it in the checkpoint's metadata.
  public func pluginMetadata(for network: Network) -> [String: String] {
    let requirements = PluginRequirement.of(network, registry: registry, plugins: plugins)
    return requirements.isEmpty ? [:] : [PluginRequirement.metadataKey: PluginRequirement.encode(requirements)]
  }

  /// Checks a checkpoint's metadata before rebuilding its model: every plugin layer type it
  /// records must be loaded from the same plugin (name and version), else a one-line error.
  public func checkPluginMetadata(_ metadata: [String: String]) throws {
    guard let text = metadata[PluginRequirement.metadataKey] else { return }
    do {
      for requirement in try PluginRequirement.decode(text) {
        try requirement.check(registry: registry, plugins: plugins)
      }
    } catch {
      throw ReplError("checkpoint needs a plugin: \(error.message)")
    }
  }
}

extension Session {
  /// Loads the plugin library at the absolute `path` into the workspace (`repl --plugin`,
  /// `REPL_PLUGIN_PATH`); returns the summary line. A failure changes nothing.
  @discardableResult
  public func loadPlugin(_ path: String) throws -> String {
    try workspace.loadPlugin(path, shownFrom: workingDirectory)
  }

  /// Loads every entry of a colon-separated list of plugin files (`REPL_PLUGIN_PATH`); relative
  /// entries are errors, never looked up. Returns the lines to show: one per plugin or failure.
  public func loadPlugins(searchPath: String) -> [String] {
    searchPath.split(separator: ":").map(String.init).filter { !$0.isEmpty }.map { entry in
      guard entry.hasPrefix("/") else {
        return
          "error: REPL_PLUGIN_PATH entry '\(entry)' is not an absolute path (plugins are never looked up in the current directory)"
      }
      do { return try loadPlugin(entry) } catch { return "error: REPL_PLUGIN_PATH: \(error)" }
    }
  }
}

extension CommandContext {
  /// `plugin list`: one row per plugin with its identity, layer types and path.
  func listPlugins(_ out: CommandOutput) {
    if workspace.plugins.isEmpty {
      out.line("no plugins loaded (use plugin load PATH, repl --plugin PATH or REPL_PLUGIN_PATH)")
      return
    }
    let rows = workspace.plugins.map {
      [$0.identity, $0.layerTypes.map(\.name).joined(separator: ","), displayPath($0.path)]
    }
    printTable(["plugin", "layer types", "path"], rows, out)
  }

  /// `path` relative to the working directory when it lies inside it, else as given.
  func displayPath(_ path: String) -> String { ReplEngine.displayPath(path, from: workingDirectory) }
}

/// `path` relative to `directory` when it lies inside it, else as given.
func displayPath(_ path: String, from directory: String) -> String {
  let base = directory.hasSuffix("/") ? directory : directory + "/"
  return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
}
