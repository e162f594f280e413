import BuiltinLayers
import FuzzSupport
import LayerKit
import Transfer

/// The built-in layer types, as `load` sees them without plugins.
let registry = LayerRegistry(BuiltinLayers.all)

/// The safetensors reader and the checkpoint metadata: the input is a whole `.safetensors` file,
/// decoded as a container (F32 and the foreign dtypes) and as a checkpoint that rebuilds a model.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? SafetensorsFile.decode(bytes, dtypes: SafetensorsFile.readableDTypes + ["I64"])
  _ = try? Checkpoint.decode(bytes, registry: registry)
  return 0
}
