import Schema

/// Run-time layer plugins.
let pluginCommands: [CommandDefinition] = [
  CommandDefinition(
    "plugin load", category: "Plugins", abstract: "Load layer types from a shared library (C ABI)",
    arguments: [.value("PATH", .path)], example: "plugin load plugins/examples/c-swish/libswish.so"),
  CommandDefinition(
    "plugin list", category: "Plugins", abstract: "List loaded plugins and their layer types", example: "plugin list"),
]
