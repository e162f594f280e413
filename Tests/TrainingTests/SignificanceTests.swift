import Foundation
import Metrics
import Testing

/// Reference values from SciPy 1.x: `scipy.special.betainc`, `2 * scipy.stats.t.sf(t, df)`,
/// `scipy.stats.ttest_rel(a, b).pvalue` and `scipy.stats.binomtest(k, n).pvalue`.
@Suite struct SignificanceTests {
  @Test func incompleteBetaMatchesSciPy() {
    let cases: [(x: Double, a: Double, b: Double, expected: Double)] = [
      (0.4, 2, 3, 0.5248), (0.2, 0.5, 0.5, 0.2951672353008665), (0.9, 10, 2, 0.6973568802000002),
    ]
    for c in cases {
      #expect(abs(Significance.regularizedIncompleteBeta(c.x, a: c.a, b: c.b) - c.expected) < 1e-10)
    }
    #expect(Significance.regularizedIncompleteBeta(0, a: 2, b: 3) == 0)
    #expect(Significance.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
  }

  @Test func studentTMatchesSciPy() {
    let cases: [(t: Double, df: Double, expected: Double)] = [
      (2.0, 3, 0.13932596855884305), (1.5, 5, 0.1939036802424733), (3.2, 2, 0.08534087923995284),
      (0.5, 10, 0.627893605742973), (12.7062, 1, 0.0500000185607104), (-2.0, 3, 0.13932596855884305),
    ]
    for c in cases {
      #expect(abs(Significance.studentTTwoSided(c.t, degreesOfFreedom: c.df) - c.expected) < 1e-9)
    }
  }

  @Test func pairedTMatchesSciPy() {
    let p = Significance.pairedT([0.71, 0.74, 0.72], [0.65, 0.69, 0.70])
    #expect(abs(p - 0.06905066374873708) < 1e-9)
    #expect(!Significance.isSignificant(p))
    #expect(Significance.pairedT([0.5, 0.6], [0.5, 0.6]) == 1)
    #expect(Significance.pairedT([0.6, 0.7], [0.5, 0.6]) == 0)
  }

  @Test func mcNemarIsTheExactBinomialTest() {
    let cases: [(only1: Int, only2: Int, expected: Double)] = [
      (2, 10, 0.03857421875), (0, 5, 0.0625), (10, 30, 0.0022214337732293643), (7, 5, 0.7744140625), (0, 0, 1),
    ]
    for c in cases {
      #expect(abs(Significance.mcNemar(onlyFirst: c.only1, onlySecond: c.only2) - c.expected) < 1e-12)
    }
    let first = [true, true, false, false, true]
    let second = [false, true, true, true, true]
    #expect(Significance.mcNemar(first, second) == Significance.mcNemar(onlyFirst: 1, onlySecond: 2))
  }

  @Test func oneRuleAtFivePercent() {
    #expect(Significance.alpha == 0.05)
    #expect(Significance.isSignificant(0.049) && !Significance.isSignificant(0.05))
    #expect(Significance.pText(0.0042) == "p=0.004" && Significance.pText(0.0004) == "p<0.001")
  }

  @Test func curveGridMarksSignificantDifferencesAgainstTheBaseline() {
    // base .60,.62,.63 at both sizes; up .70,.75,.72 (p=0.01246), down .50,.52,.49 (p=0.01356),
    // same: base's scores shifted by one seed (not significant).
    let base = [0.60, 0.62, 0.63]
    let scores = CurveScores(
      arms: ["base", "up", "down", "same"], sizes: [50, 100], seeds: [1, 2, 3],
      accuracies: [
        [base, base], [[0.70, 0.75, 0.72], base], [[0.50, 0.52, 0.49], base], [[0.62, 0.63, 0.60], base],
      ],
      baseline: 0)
    #expect(abs(scores.p(1, 0)! - 0.012458560242611797) < 1e-9)
    #expect(abs(scores.p(2, 0)! - 0.013559949584378938) < 1e-9)
    #expect(scores.p(0, 0) == nil && scores.p(1, 1) == 1)
    #expect(scores.grid.header == ["labels", "base", "up", "down", "same"])
    #expect(scores.grid.rows[0] == ["50", "0.617 ± 0.015  ", "0.723 ± 0.025 +", "0.503 ± 0.015 -", "0.617 ± 0.015  "])
    #expect(scores.pTable.header == ["labels", "up vs base", "down vs base", "same vs base"])
    #expect(scores.pTable.rows[1] == ["100", "1.000", "1.000", "1.000"])
    #expect(scores.series.count == 4 && scores.series[1].errors?.count == 2)
    let plot = TerminalPlot.render(
      scores.series, yLabel: "accuracy", xAxis: PlotAxis(title: "labels", logarithmic: true))
    #expect(plot.contains { $0.contains("50") && $0.contains("100") && $0.hasSuffix(" labels") })
    let svg = SVGPlot.render(
      scores.series, title: "t", yLabel: "accuracy", xAxis: PlotAxis(title: "labels", logarithmic: true))
    #expect(svg.contains(">labels</text>") && svg.components(separatedBy: "<path d=").count == 9)
  }
}
