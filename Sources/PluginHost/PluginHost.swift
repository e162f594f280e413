// PluginHost: loads run-time layer plugins through the C ABI in plugins/include.
import LayerKit
