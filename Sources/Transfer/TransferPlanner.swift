import LayerKit
import Schema
import TensorCore
import TextData
import Training

/// What the user asked for: `layers=`, a target layer (`clf.embedding`) and `freeze=`.
public struct TransferRequest: Sendable, Equatable {
  /// Layer names to transfer; nil means all.
  public var layers: [String]?
  /// The one target layer named in `DST`, if any.
  public var targetLayer: String?
  /// `yes` (the transferred layers), `no`, or layer names.
  public var freeze: [String]

  /// A request; `freeze` is `["yes"]`, `["no"]` or layer names.
  public init(layers: [String]? = nil, targetLayer: String? = nil, freeze: [String] = ["no"]) {
    self.layers = layers
    self.targetLayer = targetLayer
    self.freeze = freeze
  }
}

/// Builds transfer plans: matches parameters by layer name (type checked) and parameter key,
/// remaps vocabulary-indexed rows by token, and computes every new tensor before anything changes.
public enum TransferPlanner {
  /// A plan copying from model `source` into `target`.
  public static func plan(
    from source: TextModel, named sourceName: String, to target: TextModel, named targetName: String,
    request: TransferRequest
  ) throws(TransferError) -> TransferPlan {
    if source === target {
      throw TransferError(
        "cannot transfer '\(sourceName)' into itself; make a copy first: model NEW = copy \(sourceName)")
    }
    let selected = try selectedLayers(source, sourceName, target, targetName, request)
    var builder = PlanBuilder(source: source, target: target, targetName: targetName, selected: selected)
    let layers = request.targetLayer.map { one in target.network.layers.filter { $0.name == one } }
    for named in layers ?? target.network.layers { try builder.add(named) }
    guard !builder.transferred.isEmpty || builder.problem != nil else {
      let s = source.network.layers.map(\.name).joined(separator: ", ")
      let t = target.network.layers.map(\.name).joined(separator: ", ")
      throw TransferError("no matching layers between '\(sourceName)' (\(s)) and '\(targetName)' (\(t))")
    }
    return TransferPlan(
      sourceName: sourceName, rows: builder.rows, coverage: builder.coverage, transferredLayers: builder.transferred,
      freezeLayers: try freezeLayers(request.freeze, transferred: builder.transferred, target, targetName),
      updates: builder.updates, problem: builder.problem,
      untouchedLayers: request.targetLayer.map { otherLayers(of: target, than: $0) } ?? [])
  }

  /// A plan copying word vectors into the target's embedding layer by token.
  public static func plan(
    from vectors: WordVectors, named sourceName: String, to target: TextModel, named targetName: String,
    request: TransferRequest
  ) throws(TransferError) -> TransferPlan {
    let layer = try embeddingLayer(target, targetName, request.targetLayer)
    guard let vocabulary = target.vocabulary else {
      throw TransferError(
        "'\(targetName)' has no vocabulary, so vectors cannot be matched by token; build it with vocab=V")
    }
    guard let (key, weight) = layer.layer.parameters.first(where: { $0.0 == "weight" }) else {
      throw TransferError("'\(targetName).\(layer.name)' has no 'weight' tensor to receive vectors")
    }
    let shape = weight.value.shape
    if shape.count != 2 || shape[1] != vectors.dimension {
      throw TransferError(
        "dimension mismatch: '\(sourceName)' has \(vectors.dimension)-dimensional vectors, '\(targetName).\(layer.name)' has dim=\(shape.last ?? 0)"
      )
    }
    let remap = VocabularyRemap(
      source: vectors.values, sourceTokens: vectors.words, width: vectors.dimension, targetTokens: vocabulary.tokens,
      zeroRows: [Int(Vocabulary.padID)])
    let rows = layer.layer.parameters.map { (k, p) in
      let mine = k == key
      return TransferRow(
        key: "\(layer.name).\(k)", action: mine ? .remapped : .initial,
        sourceShape: mine ? [vectors.words.count, vectors.dimension] : nil,
        targetShape: p.value.shape, note: mine ? "" : "not in the vectors")
    }
    return TransferPlan(
      sourceName: sourceName, rows: rows, coverage: remap, transferredLayers: [layer.name],
      freezeLayers: try freezeLayers(request.freeze, transferred: [layer.name], target, targetName),
      updates: [(weight, Tensor(shape: shape, data: remap.values))], problem: nil,
      untouchedLayers: otherLayers(of: target, than: layer.name))
  }

  private static func embeddingLayer(_ target: TextModel, _ name: String, _ wanted: String?) throws(TransferError)
    -> NamedLayer
  {
    let network = target.network
    if let wanted {
      let layer = try layerNamed(wanted, in: network, modelName: name)
      if layer.layer.typeName != "embedding" {
        throw TransferError(
          "'\(name).\(wanted)' is a \(layer.layer.typeName) layer; vectors go into an embedding layer")
      }
      return layer
    }
    guard let layer = network.layers.first(where: { $0.layer.typeName == "embedding" }) else {
      throw TransferError("no matching layers: '\(name)' has no embedding layer to receive vectors")
    }
    return layer
  }

  /// The target's layers with parameters other than `name`: a one-layer transfer leaves them alone.
  private static func otherLayers(of target: TextModel, than name: String) -> [String] {
    target.network.layers.filter { $0.name != name && !$0.layer.parameters.isEmpty }.map(\.name)
  }

  /// The layer called `name`, or an error suggesting the nearest layer name.
  static func layerNamed(_ name: String, in network: Network, modelName: String) throws(TransferError) -> NamedLayer {
    if let layer = network.layer(named: name) { return layer }
    let names = network.layers.map(\.name)
    let hint = suggestion(for: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
    throw TransferError("'\(modelName)' has no layer '\(name)'\(hint); its layers are \(names.joined(separator: ", "))")
  }

  /// The target layer names selected by `layers=` and the target layer; unknown names are errors.
  private static func selectedLayers(
    _ source: TextModel, _ sourceName: String, _ target: TextModel, _ targetName: String, _ request: TransferRequest
  ) throws(TransferError) -> Set<String> {
    if let one = request.targetLayer {
      _ = try layerNamed(one, in: target.network, modelName: targetName)
      return [one]
    }
    guard let wanted = request.layers, wanted != ["all"] else { return Set(target.network.layers.map(\.name)) }
    for name in wanted {
      _ = try layerNamed(name, in: source.network, modelName: sourceName)
      _ = try layerNamed(name, in: target.network, modelName: targetName)
    }
    return Set(wanted)
  }

  /// The layers to freeze: `yes` → the transferred ones, `no` → none, else the named ones.
  static func freezeLayers(_ freeze: [String], transferred: [String], _ target: TextModel, _ name: String)
    throws(TransferError) -> [String]
  {
    if freeze == ["yes"] || freeze == ["true"] { return transferred }
    if freeze.isEmpty || freeze == ["no"] || freeze == ["false"] { return [] }
    for layer in freeze { _ = try layerNamed(layer, in: target.network, modelName: name) }
    return freeze
  }
}
