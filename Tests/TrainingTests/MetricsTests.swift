import Metrics
import Testing
import TextFormatting

@Suite struct MetricsTests {
  /// actual a,a,a,a,b,b,b,c,c,c vs predicted a,a,b,c,b,b,a,c,c,b:
  ///   a: tp 2, predicted 3 (a,a + one b), support 4 → P 2/3, R 1/2, F1 4/7
  ///   b: tp 2, predicted 4, support 3 → P 1/2, R 2/3, F1 4/7
  ///   c: tp 2, predicted 3, support 3 → P 2/3, R 2/3, F1 2/3
  let evaluation = Evaluation(
    confusion: ConfusionMatrix(
      labelNames: ["a", "b", "c"], actual: [0, 0, 0, 0, 1, 1, 1, 2, 2, 2], predicted: [0, 0, 1, 2, 1, 1, 0, 2, 2, 1]),
    loss: 0.5)

  @Test func confusionCounts() {
    #expect(evaluation.confusion.counts == [[2, 1, 1], [1, 2, 0], [0, 1, 2]])
    #expect(evaluation.accuracy == 0.6)
  }

  @Test func perClassAndMacroScores() {
    let s = evaluation.perClass
    let expected: [(Double, Double, Double, Int)] = [
      (2 / 3, 1 / 2, 4 / 7, 4), (1 / 2, 2 / 3, 4 / 7, 3), (2 / 3, 2 / 3, 2 / 3, 3),
    ]
    for (score, e) in zip(s, expected) {
      #expect(abs(score.precision - e.0) < 1e-12 && abs(score.recall - e.1) < 1e-12)
      #expect(abs(score.f1 - e.2) < 1e-12 && score.support == e.3)
    }
    #expect(abs(evaluation.macroPrecision - (2 / 3 + 1 / 2 + 2 / 3) / 3) < 1e-12)
    #expect(abs(evaluation.macroF1 - (4 / 7 + 4 / 7 + 2 / 3) / 3) < 1e-12)
  }

  @Test func classNeverPredictedScoresZeroPrecision() {
    let e = Evaluation(
      confusion: ConfusionMatrix(labelNames: ["x", "y"], actual: [0, 1], predicted: [0, 0]), loss: 0)
    #expect(e.scores(1).precision == 0 && e.scores(1).f1 == 0)
    #expect(e.scores(0).precision == 0.5)
  }

  @Test func confusionTableIsReadable() {
    let table = evaluation.confusionTable
    #expect(table.header == ["true \\ predicted", "a", "b", "c"])
    #expect(table.rows[0] == ["a", "2", "1", "1"] && table.rows[2] == ["c", "0", "1", "2"])
    #expect(evaluation.scoreTable.rows.last == ["macro avg", "0.611", "0.611", "0.603", "10"])
  }

  @Test func comparisonMarksBestInEachColumn() {
    let better = Evaluation(
      confusion: ConfusionMatrix(labelNames: ["a", "b"], actual: [0, 1, 1], predicted: [0, 1, 1]), loss: 0.9)
    let worse = Evaluation(
      confusion: ConfusionMatrix(labelNames: ["a", "b"], actual: [0, 1, 1], predicted: [0, 0, 1]), loss: 0.2)
    let rows = Comparison.table([
      ComparisonRow(model: "m1", evaluation: better), ComparisonRow(model: "m2", evaluation: worse),
    ]).rows
    #expect(rows[0] == ["m1", "1.000*", "1.000*", "1.000*", "1.000*", "0.900 "])
    #expect(rows[1].first == "m2" && rows[1].last == "0.200*")
    #expect(rows[1].dropLast().allSatisfy { !$0.hasSuffix("*") })
  }

  @Test func decimalFormatting() {
    #expect(decimal(0.8155) == "0.816" || decimal(0.8155) == "0.815")
    #expect(decimal(-0.0004) == "0.000")
    #expect(decimal(12.5, 1) == "12.5")
    #expect(decimal(3, 0) == "3")
    #expect(decimal(3.6072e36) == "3.6e36")
    #expect(scientific(0.002) == "2.0e-3" && scientific(0.00999) == "1.0e-2")
  }
}
