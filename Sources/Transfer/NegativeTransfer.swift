import Metrics
import Training

/// One model's score in a comparison, for `negativeTransferNotes`.
public struct ComparedModel {
  public var name: String
  public var model: TextModel
  public var accuracy: Double
  /// Whether the model got each example of the shared test set right (for McNemar's test).
  public var correct: [Bool]
  /// A compared model.
  public init(name: String, model: TextModel, accuracy: Double, correct: [Bool]) {
    self.name = name
    self.model = model
    self.accuracy = accuracy
    self.correct = correct
  }
}

/// Notes for `compare`: one per transferred model that scores below its from-scratch twin (a
/// compared model with the same spec that was not transferred into). Under the one rule of
/// `Significance` (McNemar on the paired predictions, p < 0.05) it is flagged as negative transfer;
/// a difference that is not significant is said to be so, and not flagged.
public func negativeTransferNotes(_ models: [ComparedModel]) -> [String] {
  models.compactMap { m in
    guard let source = m.model.transferredFrom else { return nil }
    let twin = models.first { other in
      other.model !== m.model && other.model.transferredFrom == nil && other.model.network.spec == m.model.network.spec
    }
    guard let twin, m.accuracy < twin.accuracy else { return nil }
    let p = Significance.mcNemar(m.correct, twin.correct)
    let scores = "\(percent(m.accuracy)) vs \(percent(twin.accuracy)), \(Significance.pText(p))"
    let who = "'\(m.name)' (transferred from '\(source)') is below its from-scratch twin '\(twin.name)'"
    if Significance.isSignificant(p) { return "negative transfer: \(who) (\(scores))" }
    return "\(who) (\(scores)), but not significantly: no evidence of negative transfer"
  }
}

/// `71.2%`.
private func percent(_ x: Double) -> String {
  let tenths = Int((x * 1000).rounded())
  return "\(tenths / 10).\(tenths % 10)%"
}
