import Metrics
import Testing

@Suite struct PlotTests {
  let series = [
    PlotSeries(name: "clf train", points: [(1, 0.69), (2, 0.5), (3, 0.31)], group: 0),
    PlotSeries(name: "clf val", points: [(1, 0.7), (2, 0.6), (3, 0.65)], group: 0, dashed: true),
    PlotSeries(name: "tl train", points: [(1, 0.6), (2, 0.4)], group: 1),
  ]

  @Test func terminalPlotHasAxesLegendAndBrailleCurves() {
    let lines = TerminalPlot.render(series, width: 40, height: 10, yLabel: "loss")
    #expect(lines.count == 1 + 10 + 2 + 1)
    #expect(lines.last?.contains("● clf train") == true && lines.last?.contains("○ clf val") == true)
    #expect(lines.contains { $0.unicodeScalars.contains { $0.value >= 0x2801 && $0.value <= 0x28FF } })
    #expect(lines.contains { $0.hasSuffix("epoch") })
    #expect(!lines.contains { $0.hasPrefix("#") })
  }

  @Test func epochAxisNamesTheFirstAndLastEpoch() {
    // 15 epochs: ticks step by 5 (1, 6, 11), but the axis still ends at 15.
    let long = [PlotSeries(name: "a", points: (1...15).map { (Double($0), 1 / Double($0)) })]
    let lines = TerminalPlot.render(long, width: 60, height: 5, yLabel: "loss")
    #expect(lines[lines.count - 2].hasSuffix(" 15 epoch") && lines[lines.count - 2].contains(" 1 "))
  }

  @Test func highestPointIsOnTheTopRow() {
    let one = [PlotSeries(name: "a", points: [(1, 1.0), (2, 0.0)])]
    let lines = TerminalPlot.render(one, width: 20, height: 5, yLabel: "loss")
    #expect(lines[1].contains("┤●"))
    #expect(lines[5].contains("●"))
  }

  @Test func svgHasCurvesLegendAndTicks() {
    let svg = SVGPlot.render(series, title: "loss: clf, tl <b>", yLabel: "loss")
    #expect(svg.hasPrefix("<svg"))
    #expect(svg.ranges(of: "<polyline").count == 3 + 1)
    #expect(svg.contains("stroke-dasharray"))
    #expect(svg.contains(">clf val</text>"))
    #expect(svg.contains("&lt;b&gt;"))
    #expect(svg.contains(">epoch</text>"))
  }
}
