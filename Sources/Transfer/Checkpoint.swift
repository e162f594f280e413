import LayerKit
import TensorCore
import TextData
import Training

/// Saving and restoring a `TextModel` as one self-contained safetensors file.
///
/// Tensors are stored under the network's dotted parameter keys (`lstm.weight_ih_l0`), which are
/// PyTorch's names, so `safetensors.torch.load_file` gives a state dict. The `__metadata__` map holds
/// everything else needed to rebuild the model exactly: the spec (as text and as structured JSON),
/// the input width, the vocabulary and tokenizer settings, label names, training settings, history,
/// frozen keys, layer origins (plugins), the seed, and a checksum of the tensor bytes.
public enum Checkpoint {
  /// The value of the `format` metadata key.
  public static let formatName = "repl-checkpoint"
  /// The version this build writes and reads.
  public static let formatVersion = 1
  /// Files larger than this are refused.
  public static let maxFileBytes = 4 * 1024 * 1024 * 1024

  /// The safetensors bytes of `model`; `extra` adds metadata entries (such as `repl.plugins`, the
  /// plugin identities) without replacing the checkpoint's own keys.
  public static func encode(_ model: TextModel, registry: LayerRegistry, extra: [String: String] = [:]) -> [UInt8] {
    let network = model.network
    let entries = network.parameters.map { key, p in
      SafetensorsFile.Entry(name: key, shape: p.value.shape, values: p.value.data)
    }
    var file = SafetensorsFile(tensors: entries, metadata: [:])
    file.metadata = CheckpointMetadata(model: model, registry: registry).strings
      .merging(extra, uniquingKeysWith: { own, _ in own })
    file.metadata["checksum"] = checksum(of: entries)
    return file.encoded()
  }

  /// Writes `model` to `path` atomically (temporary file in the same folder, fsync, rename).
  public static func save(_ model: TextModel, registry: LayerRegistry, extra: [String: String] = [:], to path: String)
    throws(TransferError)
  {
    try FileBytes.writeAtomically(encode(model, registry: registry, extra: extra), to: path)
  }

  /// A check of a checkpoint's metadata run before the model is rebuilt (the plugin identities);
  /// what it throws becomes the load error.
  public typealias MetadataCheck = ([String: String]) throws -> Void

  /// Reads the checkpoint at `path` and rebuilds the model; nothing is created on error.
  public static func load(from path: String, registry: LayerRegistry, check: MetadataCheck = { _ in })
    throws(TransferError) -> TextModel
  {
    try decode(FileBytes.read(path, limit: maxFileBytes), registry: registry, check: check)
  }

  /// Rebuilds a model from checkpoint bytes: validates the container, the format version, the
  /// checksum, the layer types (naming a plugin that is not loaded), and every key and shape.
  public static func decode(_ bytes: [UInt8], registry: LayerRegistry, check: MetadataCheck = { _ in })
    throws(TransferError) -> TextModel
  {
    let file = try SafetensorsFile.decode(bytes)
    let meta = try CheckpointMetadata(strings: file.metadata)
    if let expected = file.metadata["checksum"], expected != checksum(of: file.tensors) {
      throw TransferError("corrupted checkpoint: the tensor data does not match its checksum")
    }
    do { try check(file.metadata) } catch { throw TransferError("\(error)") }
    try meta.checkLayerTypes(registry)
    let network: Network
    do {
      network = try Network(
        spec: meta.spec, registry: registry, input: .tokens(vocabulary: meta.inputWidth), seed: meta.seed)
    } catch {
      throw TransferError("checkpoint model spec '\(meta.spec.text)' does not build: \(error.message)")
    }
    try restore(network, from: file.tensors, frozen: Set(meta.frozen))
    let model = TextModel(network: network, vocabulary: meta.vocabulary, seed: meta.seed)
    model.labelNames = meta.labels
    model.history = meta.history
    model.trainingSettings = meta.training
    model.transferredFrom = meta.transferredFrom
    model.encoderSource = meta.encoderSource
    return model
  }

  /// Checks that the file has exactly the network's keys and shapes, then sets every value.
  private static func restore(_ network: Network, from tensors: [SafetensorsFile.Entry], frozen: Set<String>)
    throws(TransferError)
  {
    let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let params = network.parameters
    let known = Set(params.map(\.0))
    if let extra = tensors.first(where: { !known.contains($0.name) }) {
      throw TransferError("checkpoint tensor '\(extra.name)' does not belong to the model '\(network.spec.text)'")
    }
    for (key, p) in params {
      guard let entry = byName[key] else { throw TransferError("checkpoint is missing tensor '\(key)'") }
      if entry.shape != p.value.shape {
        throw TransferError(
          "checkpoint tensor '\(key)' has shape \(shapeText(entry.shape)); the model needs \(shapeText(p.value.shape))")
      }
    }
    for (key, p) in params {
      if let entry = byName[key] { p.value = Tensor(shape: entry.shape, data: entry.values) }
      p.frozen = frozen.contains(key)
    }
  }

  /// FNV-1a (64-bit) over every tensor's name and value bits, as 16 hex digits.
  static func checksum(of tensors: [SafetensorsFile.Entry]) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ byte: UInt8) {
      h ^= UInt64(byte)
      h = h &* 0x100_0000_01b3
    }
    for entry in tensors {
      for b in entry.name.utf8 { mix(b) }
      for v in entry.values {
        let bits = v.bitPattern
        mix(UInt8(truncatingIfNeeded: bits))
        mix(UInt8(truncatingIfNeeded: bits >> 8))
        mix(UInt8(truncatingIfNeeded: bits >> 16))
        mix(UInt8(truncatingIfNeeded: bits >> 24))
      }
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
