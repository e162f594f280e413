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
  if let difference = architectureDifference(la, lb) {
    throw TransferError(
      "'\(names.0)' and '\(names.1)' do not have the same architecture: \(difference)"
        + " ('\(names.0)' is \(a.network.spec.text); '\(names.1)' is \(b.network.spec.text))")
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

/// Where two models' layer lists first differ, in words (`layer embedding's weight is [1002, 8]
/// in one and [502, 8] in the other`), or nil when names, types, parameters and shapes all match.
func architectureDifference(_ la: [NamedLayer], _ lb: [NamedLayer]) -> String? {
  for (x, y) in zip(la, lb) {
    if x.name != y.name { return "layer \(x.name) in one is \(y.name) in the other" }
    if x.layer.typeName != y.layer.typeName {
      return "layer \(x.name) is \(x.layer.typeName) in one and \(y.layer.typeName) in the other"
    }
    for ((key, p), (otherKey, q)) in zip(x.layer.parameters, y.layer.parameters) {
      if key != otherKey { return "layer \(x.name) has parameter \(key) in one and \(otherKey) in the other" }
      if p.value.shape != q.value.shape {
        let vocabulary = x.layer.typeName == "embedding" ? " (the vocabularies differ)" : ""
        return "layer \(x.name)'s \(key) is \(p.value.shape) in one and \(q.value.shape) in the other\(vocabulary)"
      }
    }
    if x.layer.parameters.count != y.layer.parameters.count {
      return
        "layer \(x.name) has \(x.layer.parameters.count) parameters in one and \(y.layer.parameters.count) in the other"
    }
  }
  return la.count == lb.count ? nil : "one has \(la.count) layers and the other \(lb.count)"
}
