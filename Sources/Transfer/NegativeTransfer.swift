import Training

/// One model's score in a comparison, for `negativeTransferNotes`.
public struct ComparedModel {
  public var name: String
  public var model: TextModel
  public var accuracy: Double
  /// A compared model.
  public init(name: String, model: TextModel, accuracy: Double) {
    self.name = name
    self.model = model
    self.accuracy = accuracy
  }
}

/// Notes for `compare`: one line per transferred model that scores below its from-scratch twin
/// (a compared model with the same spec that was not transferred into).
public func negativeTransferNotes(_ models: [ComparedModel]) -> [String] {
  models.compactMap { m in
    guard let source = m.model.transferredFrom else { return nil }
    let twin = models.first { other in
      other.model !== m.model && other.model.transferredFrom == nil && other.model.network.spec == m.model.network.spec
    }
    guard let twin, m.accuracy < twin.accuracy else { return nil }
    return "negative transfer: '\(m.name)' (transferred from '\(source)') scores \(percent(m.accuracy)) accuracy, "
      + "below its from-scratch twin '\(twin.name)' at \(percent(twin.accuracy))"
  }
}

/// `71.2%`.
private func percent(_ x: Double) -> String {
  let tenths = Int((x * 1000).rounded())
  return "\(tenths / 10).\(tenths % 10)%"
}
