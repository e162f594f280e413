/// One text example with an optional label (an index into `Dataset.labelNames`).
public struct Example: Sendable, Equatable {
  public var text: String
  public var label: Int?
  public init(text: String, label: Int?) {
    self.text = text
    self.label = label
  }
}

/// A named collection of examples loaded from a file, a folder, a split or the synthetic corpus.
public struct Dataset: Sendable {
  /// The examples in a stable order (load order, or the order a split produced).
  public var examples: [Example]
  /// The label names; `Example.label` indexes this array. Empty for unlabeled data.
  public var labelNames: [String]
  /// Where it came from, for `show` (a path, `synth domain=movies`, `split of movies`, …).
  public var source: String

  public init(examples: [Example], labelNames: [String], source: String) {
    self.examples = examples
    self.labelNames = labelNames
    self.source = source
  }

  /// The number of examples.
  public var count: Int { examples.count }

  /// Whether every example has a label.
  public var isLabeled: Bool { !labelNames.isEmpty && examples.allSatisfy { $0.label != nil } }
}
