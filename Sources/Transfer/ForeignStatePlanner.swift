import LayerKit
import TensorCore
import Training

/// What `transfer FILE.safetensors -> MODEL` asks for beyond a model-to-model transfer.
public struct ForeignRequest: Sendable, Equatable {
  /// `layers=`, the one target layer and `freeze=`, as for a model source.
  public var transfer: TransferRequest
  /// `prefix=`: removed from the file's names that start with it (`module.`, `encoder.`).
  public var prefix: String?
  /// `strict=yes` (the default, as PyTorch's `load_state_dict`): a missing or unexpected tensor
  /// makes the plan fail; `strict=no` leaves missing tensors at their values and ignores the rest.
  public var strict: Bool

  /// A request.
  public init(transfer: TransferRequest, prefix: String? = nil, strict: Bool = true) {
    self.transfer = transfer
    self.prefix = prefix
    self.strict = strict
  }
}

/// Plans an import of a foreign state dict into a model by PyTorch tensor name: one row per target
/// tensor (copied, skipped, mismatch, missing) and one per unused file tensor (unexpected); every
/// new tensor is built before anything changes, so applying is atomic.
public enum ForeignStatePlanner {
  /// The plan importing `dict` (read from `file`) into `target`.
  public static func plan(
    from dict: ForeignStateDict, file: String, to target: TextModel, named targetName: String,
    request: ForeignRequest
  ) throws(TransferError) -> TransferPlan {
    let entries = try dict.strippingPrefix(request.prefix, file: file)
    let byName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let layers = try selectedLayers(target, targetName, request.transfer)
    let keys = target.network.parameters.map(\.0)
    try requireOverlap(entries.map(\.name), keys: keys, file: file, targetName: targetName)
    var rows: [TransferRow] = []
    var updates: [(Parameter, Tensor)] = []
    var transferred: [String] = []
    for named in target.network.layers where !named.layer.parameters.isEmpty {
      var moved = false
      for (key, p) in named.layer.parameters {
        let full = "\(named.name).\(key)"
        let row = Self.row(full, byName[full], p, selected: layers.contains(named.name))
        if row.action == .copied, let entry = byName[full] {
          updates.append((p, Tensor(shape: entry.shape, data: entry.values)))
          moved = true
        }
        rows.append(row)
      }
      if moved { transferred.append(named.name) }
    }
    let known = Set(keys)
    for entry in entries where !known.contains(entry.name) {
      let near = NameHints.nearest(entry.name, among: keys).map { "nearest: \($0)" } ?? ""
      rows.append(
        TransferRow(key: entry.name, action: .unexpected, sourceShape: entry.shape, targetShape: [], note: near))
    }
    return TransferPlan(
      sourceName: file, rows: rows, coverage: nil, transferredLayers: transferred,
      freezeLayers: try TransferPlanner.freezeLayers(
        request.transfer.freeze, transferred: transferred, target, targetName),
      updates: updates, problem: problem(rows, file: file, targetName: targetName, strict: request.strict),
      untouchedLayers: [])
  }

  /// One target tensor's row.
  private static func row(_ key: String, _ entry: SafetensorsFile.Entry?, _ p: Parameter, selected: Bool)
    -> TransferRow
  {
    let shape = p.value.shape
    guard let entry else {
      return TransferRow(
        key: key, action: selected ? .missing : .skipped, sourceShape: nil, targetShape: shape,
        note: selected ? "not in the file" : "not in layers=")
    }
    if !selected {
      return TransferRow(
        key: key, action: .skipped, sourceShape: entry.shape, targetShape: shape, note: "not in layers=")
    }
    let same = entry.shape == shape
    return TransferRow(
      key: key, action: same ? .copied : .mismatch, sourceShape: entry.shape, targetShape: shape,
      note: same ? "" : "shapes differ")
  }

  /// The target layers `layers=` (or a one-layer target) selects; unknown names are errors.
  private static func selectedLayers(_ target: TextModel, _ name: String, _ request: TransferRequest)
    throws(TransferError) -> Set<String>
  {
    let wanted = request.targetLayer.map { [$0] } ?? request.layers ?? ["all"]
    if wanted == ["all"] { return Set(target.network.layers.map(\.name)) }
    for layer in wanted { _ = try TransferPlanner.layerNamed(layer, in: target.network, modelName: name) }
    return Set(wanted)
  }

  /// Fails when no file name equals a parameter key, showing the nearest names and a prefix to strip.
  private static func requireOverlap(_ names: [String], keys: [String], file: String, targetName: String)
    throws(TransferError)
  {
    if names.contains(where: { Set(keys).contains($0) }) { return }
    let shown = names.prefix(4).joined(separator: ", ") + (names.count > 4 ? ", …" : "")
    let fix = NameHints.prefix(fileNames: names, targetKeys: keys).map { "; try prefix=\($0)" } ?? ""
    let key = keys.first ?? ""
    let near = NameHints.nearest(key, among: names).map { "; the nearest to '\(key)' is '\($0)'" } ?? ""
    throw TransferError(
      "no tensor of '\(file)' matches a parameter of '\(targetName)' by name (the file has \(names.count): \(shown))\(near)\(fix)"
    )
  }

  /// `lstm` for `lstm.weight_ih_l0`.
  private static func layerName(_ key: String) -> String { String(key.prefix { $0 != "." }) }

  /// Why the plan cannot be applied: a shape mismatch, or under `strict=yes` a missing or
  /// unexpected tensor.
  private static func problem(_ rows: [TransferRow], file: String, targetName: String, strict: Bool) -> TransferError? {
    if let bad = rows.first(where: { $0.action == .mismatch }) {
      let layer = layerName(bad.key)
      var others: [String] = []
      for row in rows where row.action == .copied && layerName(row.key) != layer && !others.contains(layerName(row.key))
      {
        others.append(layerName(row.key))
      }
      let hint = others.isEmpty ? "" : "; leave '\(layer)' out with layers=\(others.joined(separator: ","))"
      return TransferError(
        "'\(bad.key)' has shape \(shapeText(bad.sourceShape ?? [])) in '\(file)' but \(shapeText(bad.targetShape)) in '\(targetName)'\(hint)"
      )
    }
    guard strict else { return nil }
    let missing = rows.filter { $0.action == .missing }.map(\.key)
    let unexpected = rows.filter { $0.action == .unexpected }.map(\.key)
    if missing.isEmpty && unexpected.isEmpty { return nil }
    let parts =
      (missing.isEmpty ? [] : ["\(missing.count) missing (\(missing.prefix(3).joined(separator: ", ")))"])
      + (unexpected.isEmpty ? [] : ["\(unexpected.count) unexpected (\(unexpected.prefix(3).joined(separator: ", ")))"])
    return TransferError(
      "strict=yes: '\(file)' and '\(targetName)' differ: \(parts.joined(separator: ", ")); import what matches with strict=no"
    )
  }
}
