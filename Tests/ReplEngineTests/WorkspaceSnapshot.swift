import TextData
import Training

@testable import ReplEngine

/// Everything a command could change in a session, serialised (one line per item) so that tests can
/// check that a failed command left it exactly as it was: variables, settings, layer types,
/// plugins, and every object down to each parameter's values, gradient, frozen flag and each
/// dataset's texts and labels.
struct WorkspaceSnapshot: Equatable, CustomStringConvertible {
  let lines: [String]

  init(_ session: Session) {
    var lines = session.variables.sorted { $0.key < $1.key }.map { "variable \($0.key)=\($0.value)" }
    lines.append("timing \(session.timing) json \(session.jsonOutput) cwd \(session.workingDirectory)")
    lines.append("layers " + session.registry.types.map(\.name).joined(separator: ","))
    lines.append("plugins \(session.plugins.count)")
    for (name, object) in session.objects.sorted(by: { $0.key < $1.key }) {
      lines += WorkspaceSnapshot.lines(name, object)
    }
    self.lines = lines
  }

  var description: String { lines.joined(separator: "\n") }

  static func lines(_ name: String, _ object: SessionObject) -> [String] {
    switch object {
    case .dataset(let d):
      return [
        "dataset \(name) \(d.count) \(d.labelNames) \(d.source) \(digest(d.examples.map { "\($0.label ?? -1)\t\($0.text)" }))"
      ]
    case .vocabulary(let v):
      return ["vocabulary \(name) \(v.count) \(digest(v.tokens)) \(v.sources)"]
    case .vectors(let w):
      return [
        "vectors \(name) \(w.words.count)x\(w.dimension) \(digest(w.words)) \(digest(w.values.map(\.bitPattern)))"
      ]
    case .model(let m):
      var lines = [
        "model \(name) \(m.network.spec.text) labels \(m.labelNames) history \(m.history.count) seed \(m.seed)"
          + " settings \(m.trainingSettings.sorted { $0.key < $1.key }) from \(m.transferredFrom ?? "-")"
          + " vocabulary \(m.vocabulary.map { digest($0.tokens) } ?? 0)"
      ]
      for (key, p) in m.network.parameters {
        lines.append(
          "  \(key) \(p.value.shape) frozen \(p.frozen) \(digest(p.value.data.map(\.bitPattern))) \(digest(p.grad.data.map(\.bitPattern)))"
        )
      }
      return lines
    }
  }

  /// A hash of `items` (equal items give equal digests within a process).
  static func digest<T: Hashable>(_ items: [T]) -> Int {
    var hasher = Hasher()
    for item in items { hasher.combine(item) }
    return hasher.finalize()
  }
}
