import LayerKit
import TensorCore
import Training

/// What happens to one target tensor in a transfer.
public enum TransferAction: String, Sendable, Equatable {
  /// Copied unchanged from the source tensor of the same key and shape.
  case copied
  /// Rows copied by token string between different vocabularies.
  case remapped
  /// Present in both, left out because the user excluded its layer.
  case skipped
  /// Not touched: no counterpart in the source; keeps its initial value.
  case initial
  /// Present in both with different shapes, not excluded: applying the plan is an error.
  case mismatch
  /// A foreign state dict (`transfer FILE.safetensors -> MODEL`) has no tensor of this name: with
  /// `strict=no` it keeps its initial value, with `strict=yes` applying is an error.
  case missing
  /// A tensor of a foreign state dict that matches no parameter of the target (the row's key is
  /// the file's name): ignored with `strict=no`, an error with `strict=yes`.
  case unexpected
}

/// One row of a transfer plan: one target tensor.
public struct TransferRow: Sendable, Equatable {
  /// The target's dotted key (`lstm.weight_ih_l0`).
  public var key: String
  public var action: TransferAction
  /// The source tensor's shape, when there is one.
  public var sourceShape: [Int]?
  public var targetShape: [Int]
  /// Why (for skipped and initial rows), or the source key when it differs.
  public var note: String
}

/// A computed transfer: every new tensor is already built, so applying cannot fail halfway.
public struct TransferPlan {
  /// The source's name (recorded in the target as `transferredFrom`).
  public var sourceName: String
  /// One row per target tensor, in the target's layer order.
  public var rows: [TransferRow]
  /// Vocabulary coverage of the first remapped tensor, if rows were remapped.
  public var coverage: VocabularyRemap?
  /// Target layers that receive at least one tensor.
  public var transferredLayers: [String]
  /// Target layers `freeze=` asks to freeze.
  public var freezeLayers: [String]
  /// The new values, by target parameter.
  var updates: [(Parameter, Tensor)]
  /// Why the plan cannot be applied (a shape mismatch the user did not exclude), if it cannot.
  public var problem: TransferError?
  /// Layers (with parameters) outside a one-layer target (`clf.embedding`): not part of the plan.
  public var untouchedLayers: [String] = []

  /// The table's column titles.
  public static let header = ["tensor", "action", "source", "target", "note"]

  /// One table row per target tensor.
  public var tableRows: [[String]] {
    rows.map { row in
      [
        row.key, row.action.rawValue, row.sourceShape.map(shapeText) ?? "-",
        row.action == .unexpected ? "-" : shapeText(row.targetShape), row.note,
      ]
    }
  }

  /// `not touched: lstm, dense (outside the target layer)`, for a one-layer target.
  public var untouchedLine: String? {
    untouchedLayers.isEmpty ? nil : "not touched: \(untouchedLayers.joined(separator: ", ")) (outside the target layer)"
  }

  /// `vocabulary: found 8,123 of 10,002 target tokens in the source vocabulary …`, when rows were remapped.
  public var coverageLine: String? { coverage.map { "vocabulary: " + $0.summary } }

  /// `4 tensors copied, 1 remapped, 2 skipped, 2 left at their initial values`.
  public var summary: String {
    let counts = [TransferAction.copied, .remapped, .skipped, .initial].map { a in rows.filter { $0.action == a }.count
    }
    let foreign = [TransferAction.missing, .unexpected].map { a in rows.filter { $0.action == a }.count }
    let extra =
      (foreign[0] > 0 ? ", \(foreign[0]) missing from the file" : "")
      + (foreign[1] > 0 ? ", \(foreign[1]) unexpected in the file (ignored)" : "")
    return
      "\(counts[0]) copied, \(counts[1]) remapped, \(counts[2]) skipped, \(counts[3]) left at their initial values\(extra)"
  }

  /// Sets every planned tensor, freezes `freezeLayers`, and records the source in `model`; a plan
  /// with a `problem` changes nothing and throws it.
  public func apply(to model: TextModel) throws(TransferError) {
    if let problem { throw problem }
    for (parameter, value) in updates { parameter.value = value }
    for name in freezeLayers {
      for (_, p) in model.network.layer(named: name)?.layer.parameters ?? [] { p.frozen = true }
    }
    model.transferredFrom = sourceName
  }
}
