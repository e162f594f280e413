import Schema

/// A plain safetensors file that is not one of our checkpoints: typically a PyTorch `state_dict()`
/// saved with `safetensors.torch.save_file`, read by tensor name (`lstm.weight_ih_l0`).
///
/// F32, F64, F16 and BF16 tensors are read (converted to F32); any other dtype, such as the I64
/// counter `num_batches_tracked` of `nn.BatchNorm1d`, is a one-line error naming the tensor.
public struct ForeignStateDict: Sendable {
  /// The tensors in file order.
  public var tensors: [SafetensorsFile.Entry]
  /// The file's `__metadata__` map (often empty).
  public var metadata: [String: String]

  /// Reads the safetensors file at `path` (any of `SafetensorsFile.readableDTypes`).
  public static func read(_ path: String) throws(TransferError) -> ForeignStateDict {
    try decode(FileBytes.read(path, limit: Checkpoint.maxFileBytes))
  }

  /// Parses safetensors bytes.
  public static func decode(_ bytes: [UInt8]) throws(TransferError) -> ForeignStateDict {
    let file = try SafetensorsFile.decode(bytes, dtypes: SafetensorsFile.readableDTypes)
    return ForeignStateDict(tensors: file.tensors, metadata: file.metadata)
  }

  /// Whether the metadata marks one of our checkpoints (then `load` rebuilds the whole model).
  public var isCheckpoint: Bool { metadata["format"] == Checkpoint.formatName }

  /// The tensors with `prefix` removed from the names that start with it (PyTorch's
  /// `{k.removeprefix("module."): v}`); a prefix no name starts with is an error listing the
  /// prefixes the file has.
  public func strippingPrefix(_ prefix: String?, file: String) throws(TransferError) -> [SafetensorsFile.Entry] {
    guard let prefix, !prefix.isEmpty else { return tensors }
    guard tensors.contains(where: { $0.name.hasPrefix(prefix) }) else {
      let firsts = Set(tensors.compactMap { $0.name.split(separator: ".").first.map { "\($0)." } }).sorted()
      throw TransferError(
        "no tensor name in '\(file)' starts with prefix=\(prefix); its names start with \(firsts.prefix(8).joined(separator: ", "))"
      )
    }
    return tensors.map { entry in
      var e = entry
      if e.name.hasPrefix(prefix) { e.name = String(e.name.dropFirst(prefix.count)) }
      return e
    }
  }
}

/// Nearest-name hints for tensor names that do not match.
enum NameHints {
  /// The prefix that would make most file names equal target keys (`encoder.` when the file has
  /// `encoder.lstm.weight_ih_l0` and the model `lstm.weight_ih_l0`), if there is one.
  static func prefix(fileNames: [String], targetKeys: [String]) -> String? {
    var votes: [String: Int] = [:]
    for name in fileNames {
      for key in targetKeys where name.count > key.count && name.hasSuffix("." + key) {
        votes[String(name.dropLast(key.count)), default: 0] += 1
      }
    }
    return votes.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
  }

  /// The candidate that equals `name` up to a dotted prefix (`encoder.lstm.bias_ih_l0` for
  /// `lstm.bias_ih_l0`, or the other way round), else the one with the smallest edit distance.
  static func nearest(_ name: String, among candidates: [String]) -> String? {
    if let same = candidates.first(where: { $0.hasSuffix("." + name) || name.hasSuffix("." + $0) }) { return same }
    return candidates.min { editDistance(name, $0) < editDistance(name, $1) }
  }
}
