import Schema

/// Run-time layer plugins.
let pluginCommands: [CommandDefinition] = [
  CommandDefinition(
    "plugin load", category: "Plugins", abstract: "Load layer types from a shared library (C ABI)",
    arguments: [.value("PATH", .path)], example: "plugin load plugins/examples/swish/libswish.so",
    discussion:
      "Build the examples first (see plugins/examples/*/README.md). Relative paths are resolved against the working folder; REPL_PLUGIN_PATH (absolute paths, colon-separated) loads plugins at start. The C ABI is plugins/include/repl_plugin.h."
  ),
  CommandDefinition(
    "plugin list", category: "Plugins", abstract: "List loaded plugins and their layer types", example: "plugin list"),
]
