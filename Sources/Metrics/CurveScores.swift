import TextFormatting

/// The accuracies of a learning curve: for each arm, label count and seed, the test accuracy of the
/// arm's copy trained on that many labels with that seed; and the summaries `curve` prints.
public struct CurveScores: Sendable, Equatable {
  /// The arms' names, in the order given.
  public var arms: [String]
  /// The label counts, increasing.
  public var sizes: [Int]
  /// The seeds, in the order given.
  public var seeds: [Int]
  /// `accuracies[arm][size][seed]`.
  public var accuracies: [[[Double]]]
  /// The index of the arm the others are tested against.
  public var baseline: Int

  /// Scores for `arms` × `sizes` × `seeds`.
  public init(arms: [String], sizes: [Int], seeds: [Int], accuracies: [[[Double]]], baseline: Int) {
    self.arms = arms
    self.sizes = sizes
    self.seeds = seeds
    self.accuracies = accuracies
    self.baseline = baseline
  }

  /// Mean accuracy over the seeds.
  public func mean(_ arm: Int, _ size: Int) -> Double {
    let values = accuracies[arm][size]
    return values.reduce(0, +) / Double(values.count)
  }

  /// Sample standard deviation over the seeds (n − 1 in the denominator).
  public func standardDeviation(_ arm: Int, _ size: Int) -> Double {
    let values = accuracies[arm][size]
    let m = mean(arm, size)
    return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(values.count - 1, 1))).squareRoot()
  }

  /// The paired t-test over seeds of `arm` against the baseline at `size` (nil for the baseline).
  public func p(_ arm: Int, _ size: Int) -> Double? {
    arm == baseline ? nil : Significance.pairedT(accuracies[arm][size], accuracies[baseline][size])
  }

  /// `+` when `arm` is significantly above the baseline at `size`, `-` when below, else blank.
  public func marker(_ arm: Int, _ size: Int) -> String {
    guard let p = p(arm, size), Significance.isSignificant(p) else { return " " }
    return mean(arm, size) > mean(baseline, size) ? "+" : "-"
  }

  /// Rows = label counts, columns = arms, cells `mean ± sd` and the significance marker.
  public var grid: ScoreTable {
    var table = ScoreTable(header: ["labels"] + arms)
    for s in sizes.indices {
      table.rows.append(
        ["\(sizes[s])"]
          + arms.indices.map { a in
            "\(decimal(mean(a, s))) ± \(decimal(standardDeviation(a, s))) \(marker(a, s))"
          })
    }
    return table
  }

  /// Rows = label counts, columns = the arms other than the baseline, cells the p-values.
  public var pTable: ScoreTable {
    let others = arms.indices.filter { $0 != baseline }
    var table = ScoreTable(header: ["labels"] + others.map { "\(arms[$0]) vs \(arms[baseline])" })
    for s in sizes.indices {
      table.rows.append(["\(sizes[s])"] + others.map { a in p(a, s).map { decimal($0) } ?? "" })
    }
    return table
  }

  /// One row per arm and label count with plain numbers (the JSON form): mean, sd, p, and whether
  /// the difference to the baseline is significant.
  public var records: ScoreTable {
    var table = ScoreTable(header: ["arm", "labels", "mean", "sd", "p", "significant"] + seeds.map { "seed_\($0)" })
    for a in arms.indices {
      for s in sizes.indices {
        let p = p(a, s)
        table.rows.append(
          [
            arms[a], "\(sizes[s])", decimal(mean(a, s), 4), decimal(standardDeviation(a, s), 4),
            p.map { decimal($0, 4) } ?? "", p.map { Significance.isSignificant($0) ? "yes" : "no" } ?? "",
          ]
            + accuracies[a][s].map { decimal($0, 4) })
      }
    }
    return table
  }

  /// One series per arm: mean accuracy against label count, with ±sd error bars.
  public var series: [PlotSeries] {
    arms.indices.map { a in
      var s = PlotSeries(
        name: arms[a], points: sizes.indices.map { (x: Double(sizes[$0]), y: mean(a, $0)) }, group: a)
      s.errors = sizes.indices.map { standardDeviation(a, $0) }
      return s
    }
  }
}
