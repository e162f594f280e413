import BuiltinLayers
import LayerKit
import PluginHost
import TensorCore
import TextData
import Training

/// Everything a command may change: the named objects, the variables, the layer types and the
/// run-time plugins. It knows nothing of output (JSON mode, timing, sinks, the log), which belongs
/// to the driver's side of `Session`.
///
/// `snapshot()` and `restore(_:)` give a failed command its "changes nothing": datasets,
/// vocabularies, vectors, the registry and the plugin list are values, and each model (a class) is
/// captured field by field down to every parameter's value, gradient and frozen flag.
public struct Workspace {
  /// Named objects by name.
  public internal(set) var objects: [String: SessionObject] = [:]
  /// Variables set with `set` or `--set`.
  public var variables: [String: String] = [:]
  /// Layer types: built-ins plus loaded plugins.
  public internal(set) var registry: LayerRegistry
  /// Run-time plugins loaded so far, in load order.
  public internal(set) var plugins: [LoadedPlugin] = []

  /// An empty workspace with `registry` (the built-in layer types by default).
  public init(registry: LayerRegistry = LayerRegistry(BuiltinLayers.all)) {
    self.registry = registry
  }

  /// The whole workspace as it is now, models included (tensors are copy-on-write, so this costs
  /// a reference per parameter until something writes to one).
  public func snapshot() -> Snapshot {
    let models = objects.values.compactMap { object -> ModelState? in
      guard case .model(let model) = object else { return nil }
      return ModelState(model)
    }
    return Snapshot(workspace: self, models: models)
  }

  /// Puts back exactly what `snapshot` captured, including the contents of models changed in place,
  /// except the contents of the models in `kept` (training stopped part way keeps its weights).
  public mutating func restore(_ snapshot: Snapshot, keeping kept: Set<ObjectIdentifier> = []) {
    self = snapshot.workspace
    for model in snapshot.models where !kept.contains(ObjectIdentifier(model.model)) { model.restore() }
  }

  /// A captured workspace, for `restore(_:)`.
  public struct Snapshot {
    fileprivate let workspace: Workspace
    fileprivate let models: [ModelState]
  }
}

/// One model's state: its fields and each parameter's value, gradient and frozen flag.
private struct ModelState {
  typealias Fields = (
    network: Network, vocabulary: Vocabulary?, labels: [String], history: [EpochRecord], settings: [String: String],
    seed: UInt64, transferredFrom: String?, encoderSource: String?
  )
  let model: TextModel
  let fields: Fields
  let parameters: [(parameter: Parameter, value: Tensor, grad: Tensor, frozen: Bool)]

  init(_ m: TextModel) {
    model = m
    fields = (
      m.network, m.vocabulary, m.labelNames, m.history, m.trainingSettings, m.seed, m.transferredFrom, m.encoderSource
    )
    parameters = m.network.parameters.map { ($0.1, $0.1.value, $0.1.grad, $0.1.frozen) }
  }

  func restore() {
    (
      model.network, model.vocabulary, model.labelNames, model.history, model.trainingSettings, model.seed,
      model.transferredFrom, model.encoderSource
    ) = fields
    for p in parameters { (p.parameter.value, p.parameter.grad, p.parameter.frozen) = (p.value, p.grad, p.frozen) }
  }
}
