import LayerKit
import Training

/// One row of `drift A B`: how far a layer moved between two models of the same architecture.
public struct LayerDrift: Sendable, Equatable {
  /// The layer name.
  public var layer: String
  /// ‖B − A‖ / ‖A‖ over all the layer's parameters (0 when A's norm is 0 and nothing changed).
  public var relativeChange: Double
  /// True when every parameter of the layer is bit-identical in both models.
  public var identical: Bool
  /// Whether the layer is frozen in B.
  public var frozen: Bool

}

/// Per-layer relative change between models `a` and `b`; an error unless they share layer names,
/// types, parameter keys and shapes.
public func drift(_ a: TextModel, _ b: TextModel, names: (String, String) = ("A", "B")) throws(TransferError)
  -> [LayerDrift]
{
  let la = a.network.layers
  let lb = b.network.layers
  let differs =
    la.count != lb.count
    || zip(la, lb).contains { x, y in
      x.name != y.name || x.layer.typeName != y.layer.typeName
        || x.layer.parameters.map { "\($0.0)\($0.1.value.shape)" }
          != y.layer.parameters.map { "\($0.0)\($0.1.value.shape)" }
    }
  if differs {
    throw TransferError(
      "'\(names.0)' (\(a.network.spec.text)) and '\(names.1)' (\(b.network.spec.text)) do not have the same architecture"
    )
  }
  return zip(la, lb).compactMap { x, y in
    let params = Array(zip(x.layer.parameters, y.layer.parameters))
    if params.isEmpty { return nil }
    var diff = 0.0
    var base = 0.0
    var identical = true
    for ((_, p), (_, q)) in params {
      for (u, v) in zip(p.value.data, q.value.data) {
        if u.bitPattern != v.bitPattern { identical = false }
        let d = Double(v) - Double(u)
        diff += d * d
        base += Double(u) * Double(u)
      }
    }
    let ratio = base > 0 ? (diff / base).squareRoot() : diff.squareRoot()
    return LayerDrift(
      layer: x.name, relativeChange: ratio, identical: identical, frozen: params.allSatisfy { $0.1.1.frozen })
  }
}
