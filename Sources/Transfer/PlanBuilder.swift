import LayerKit
import TensorCore
import TextData
import Training

/// Accumulates the rows and new tensors of a model-to-model transfer, one target layer at a time.
struct PlanBuilder {
  let source: TextModel
  let target: TextModel
  let targetName: String
  let selected: Set<String>
  var rows: [TransferRow] = []
  var updates: [(Parameter, Tensor)] = []
  var transferred: [String] = []
  var coverage: VocabularyRemap?
  /// The first shape mismatch the user did not exclude, without the hint.
  private var firstMismatch: String?
  /// Every selected layer with a shape mismatch (the hint leaves them all out).
  private var mismatched: Set<String> = []

  /// The first shape mismatch as the error applying would raise, with a `layers=` list that leaves
  /// out every mismatching layer (so following the hint does not fail again).
  var problem: TransferError? {
    guard let firstMismatch else { return nil }
    let others = suggestedLayers(excluding: mismatched)
    return TransferError(firstMismatch + (others.isEmpty ? "" : "; leave the layer out with layers=\(others)"))
  }

  init(source: TextModel, target: TextModel, targetName: String, selected: Set<String>) {
    self.source = source
    self.target = target
    self.targetName = targetName
    self.selected = selected
  }

  /// Adds one row per parameter of the target layer `named`.
  mutating func add(_ named: NamedLayer) throws(TransferError) {
    let match = sourceLayer(for: named)
    let sourceParams = Dictionary(match?.layer.parameters ?? [], uniquingKeysWith: { a, _ in a })
    var moved = false
    for (key, p) in named.layer.parameters {
      let fullKey = "\(named.name).\(key)"
      guard let match, let sp = sourceParams[key] else {
        rows.append(
          row(fullKey, .initial, nil, p, match == nil ? "no such layer in the source" : "no such tensor in the source"))
        continue
      }
      if !selected.contains(named.name) {
        rows.append(row(fullKey, .skipped, sp.value.shape, p, "not in layers="))
        continue
      }
      if match.layer.typeName != named.layer.typeName {
        throw TransferError(
          "layer '\(named.name)' is \(match.layer.typeName) in the source but \(named.layer.typeName) in '\(targetName)'"
        )
      }
      moved = true
      if let remap = try remapped(fullKey, match, named, key, sp, p) {
        if coverage == nil { coverage = remap }
        updates.append((p, Tensor(shape: p.value.shape, data: remap.values)))
        rows.append(row(fullKey, .remapped, sp.value.shape, p, ""))
      } else if sp.value.shape == p.value.shape {
        updates.append((p, sp.value))
        rows.append(row(fullKey, .copied, sp.value.shape, p, ""))
      } else {
        rows.append(row(fullKey, .mismatch, sp.value.shape, p, "shapes differ"))
        mismatched.insert(named.name)
        firstMismatch =
          firstMismatch
          ?? "'\(fullKey)' has shape \(shapeText(sp.value.shape)) in the source but \(shapeText(p.value.shape)) in '\(targetName)'"
      }
    }
    if moved { transferred.append(named.name) }
  }

  /// The source layer matching a target layer: same name, or for an explicitly named target
  /// layer the only source layer of the same type.
  private func sourceLayer(for named: NamedLayer) -> NamedLayer? {
    if let same = source.network.layer(named: named.name) { return same }
    guard selected.count == 1, selected.contains(named.name) else { return nil }
    let sameType = source.network.layers.filter { $0.layer.typeName == named.layer.typeName }
    return sameType.count == 1 ? sameType[0] : nil
  }

  private func row(_ key: String, _ action: TransferAction, _ sourceShape: [Int]?, _ p: Parameter, _ note: String)
    -> TransferRow
  {
    TransferRow(key: key, action: action, sourceShape: sourceShape, targetShape: p.value.shape, note: note)
  }

  /// The selected layers minus the mismatching ones, for the hint in a shape-mismatch error.
  private func suggestedLayers(excluding names: Set<String>) -> String {
    target.network.layers.filter { layer in
      !names.contains(layer.name) && selected.contains(layer.name) && !layer.layer.parameters.isEmpty
        && source.network.layer(named: layer.name) != nil
    }.map(\.name).joined(separator: ",")
  }

  /// The token-remapped rows when the tensor is indexed by vocabulary and the vocabularies differ.
  private func remapped(
    _ fullKey: String, _ sourceLayer: NamedLayer, _ targetLayer: NamedLayer, _ key: String, _ sp: Parameter,
    _ p: Parameter
  ) throws(TransferError) -> VocabularyRemap? {
    let embedding = targetLayer.layer.typeName == "embedding" && key == "weight"
    let output = isOutputRows(targetLayer, p, target) && isOutputRows(sourceLayer, sp, source)
    guard embedding || output else { return nil }
    guard let targetVocabulary = target.vocabulary else {
      if source.vocabulary == nil { return nil }
      throw TransferError(
        "'\(targetName)' has no vocabulary, so the rows of '\(fullKey)' cannot be matched by token; build it with vocab=V"
      )
    }
    guard let sourceVocabulary = source.vocabulary, sourceVocabulary.tokens != targetVocabulary.tokens else {
      return nil
    }
    let width = p.value.count / max(p.value.shape[0], 1)
    let sourceWidth = sp.value.count / max(sp.value.shape[0], 1)
    if width != sourceWidth || sp.value.shape.dropFirst() != p.value.shape.dropFirst() { return nil }
    return VocabularyRemap(
      source: sp.value.data, sourceTokens: sourceVocabulary.tokens, width: width, targetTokens: targetVocabulary.tokens,
      zeroRows: embedding ? [Int(Vocabulary.padID)] : [])
  }

  /// Whether `p` holds one row per vocabulary token of a language model's output layer.
  private func isOutputRows(_ layer: NamedLayer, _ p: Parameter, _ model: TextModel) -> Bool {
    guard let vocabulary = model.vocabulary, let last = model.network.layers.last, last.name == layer.name else {
      return false
    }
    return layer.layer.outputShape.width == vocabulary.count && p.value.shape.first == vocabulary.count
  }
}
