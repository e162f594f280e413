import TextFormatting

/// A standalone SVG line chart: axes with ticks and grid, one colour per model, solid training and
/// dashed validation curves with point markers, ±sd error bars where a series has them, a legend,
/// and axis titles.
public enum SVGPlot {
  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

  /// The SVG document for `series`.
  public static func render(
    _ series: [PlotSeries], title: String, yLabel: String, xAxis: PlotAxis = .epoch, width: Int = 760,
    height: Int = 440
  ) -> String {
    let points = series.flatMap(\.points)
    let xr = XScale(points.map(\.x), axis: xAxis, ticks: 8)
    let yr = PlotRange(series.flatMap(extent), ticks: 6)
    let legendWidth = min(260, 60 + 7 * (series.map(\.name.count).max() ?? 0))
    let area = (left: 72.0, top: 48.0, right: Double(width - legendWidth - 16), bottom: Double(height - 56))
    let inset = 12.0
    func px(_ x: Double) -> Double { area.left + inset + xr.fraction(x) * (area.right - area.left - 2 * inset) }
    func py(_ y: Double) -> Double { area.bottom - inset - yr.fraction(y) * (area.bottom - area.top - 2 * inset) }
    var svg = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"13\">",
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
      "<text x=\"\(n(Double(width) / 2))\" y=\"26\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(escape(title))</text>",
    ]
    for t in yr.ticks {
      let y = py(t)
      svg.append(
        "<line x1=\"\(n(area.left))\" y1=\"\(n(y))\" x2=\"\(n(area.right))\" y2=\"\(n(y))\" stroke=\"#e5e5e5\"/>")
      svg.append(
        "<text x=\"\(n(area.left - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(decimal(t, yr.digits))</text>")
    }
    for t in xr.ticks {
      let x = px(t)
      svg.append(
        "<line x1=\"\(n(x))\" y1=\"\(n(area.bottom))\" x2=\"\(n(x))\" y2=\"\(n(area.bottom + 5))\" stroke=\"#333\"/>")
      svg.append("<text x=\"\(n(x))\" y=\"\(n(area.bottom + 20))\" text-anchor=\"middle\">\(decimal(t, 0))</text>")
    }
    svg.append(
      "<polyline points=\"\(n(area.left)),\(n(area.top)) \(n(area.left)),\(n(area.bottom)) \(n(area.right)),\(n(area.bottom))\" fill=\"none\" stroke=\"#333\"/>"
    )
    svg.append(
      "<text x=\"\(n((area.left + area.right) / 2))\" y=\"\(height - 14)\" text-anchor=\"middle\">\(escape(xAxis.title))</text>"
    )
    svg.append(
      "<text transform=\"translate(20 \(n((area.top + area.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>"
    )
    for s in series { svg += curve(s, px: px, py: py) }
    svg += legend(series, x: area.right + 20, y: area.top)
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
  }

  private static func curve(_ s: PlotSeries, px: (Double) -> Double, py: (Double) -> Double) -> [String] {
    let colour = palette[s.group % palette.count]
    let dash = s.dashed ? " stroke-dasharray=\"7 4\"" : ""
    let coords = s.points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
    var out = ["<polyline points=\"\(coords)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>"]
    for (p, e) in zip(s.points, s.errors ?? []) {
      let (x, top, bottom) = (n(px(p.x)), n(py(p.y + e)), n(py(p.y - e)))
      out.append(
        "<path d=\"M\(x) \(top) V\(bottom) M\(n(px(p.x) - 4)) \(top) h8 M\(n(px(p.x) - 4)) \(bottom) h8\" stroke=\"\(colour)\" stroke-width=\"1.5\" fill=\"none\"/>"
      )
    }
    for p in s.points {
      let fill = s.dashed ? "white" : colour
      out.append(
        "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"3.5\" fill=\"\(fill)\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
      )
    }
    return out
  }

  private static func legend(_ series: [PlotSeries], x: Double, y: Double) -> [String] {
    var out: [String] = []
    for (i, s) in series.enumerated() {
      let colour = palette[s.group % palette.count]
      let row = y + 8 + Double(i) * 22
      let dash = s.dashed ? " stroke-dasharray=\"7 4\"" : ""
      out.append(
        "<line x1=\"\(n(x))\" y1=\"\(n(row))\" x2=\"\(n(x + 30))\" y2=\"\(n(row))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash)/>"
      )
      out.append(
        "<circle cx=\"\(n(x + 15))\" cy=\"\(n(row))\" r=\"3.5\" fill=\"\(s.dashed ? "white" : colour)\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
      )
      out.append("<text x=\"\(n(x + 38))\" y=\"\(n(row + 4))\">\(escape(s.name))</text>")
    }
    return out
  }

  /// The y values a series needs room for: its points, and the ends of its error bars.
  private static func extent(_ s: PlotSeries) -> [Double] {
    s.points.map(\.y) + zip(s.points, s.errors ?? []).flatMap { [$0.y - $1, $0.y + $1] }
  }

  private static func n(_ x: Double) -> String { decimal(x, 1) }

  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }
}
