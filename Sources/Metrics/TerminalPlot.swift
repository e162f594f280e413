import TextFormatting

/// Curves drawn in the terminal with Unicode braille (2×4 dots per character cell).
///
/// Each series is a braille line through its points, and its data points carry the series'
/// marker; the legend names markers. The y axis is labelled at its top, middle and bottom.
public enum TerminalPlot {
  /// Markers by series index.
  static let markers: [Character] = ["●", "○", "■", "□", "▲", "△", "◆", "◇"]

  /// The chart's lines for `series` in a plot area of `width` × `height` character cells.
  public static func render(
    _ series: [PlotSeries], width: Int = 60, height: Int = 12, yLabel: String, xAxis: PlotAxis = .epoch
  ) -> [String] {
    let points = series.flatMap(\.points)
    if points.isEmpty { return ["(nothing to plot: no \(xAxis.title)s recorded)"] }
    let xr = XScale(points.map(\.x), axis: xAxis, ticks: 6)
    let yr = PlotRange(points.map(\.y), ticks: 4)
    var canvas = BrailleCanvas(width: width, height: height)
    for (index, s) in series.enumerated() {
      let dots = s.points.map { p in
        (
          Int((xr.fraction(p.x) * Double(width * 2 - 1)).rounded()),
          Int(((1 - yr.fraction(p.y)) * Double(height * 4 - 1)).rounded())
        )
      }
      for (a, b) in zip(dots, dots.dropFirst()) { canvas.line(a, b, dotted: s.dashed) }
      if dots.count == 1 { canvas.set(dots[0].0, dots[0].1) }
      for d in dots { canvas.mark(d.0 / 2, d.1 / 4, markers[index % markers.count]) }
    }
    return frame(canvas.rows(), xr: xr, yr: yr, yLabel: yLabel) + [legend(series)]
  }

  private static func frame(_ rows: [String], xr: XScale, yr: PlotRange, yLabel: String) -> [String] {
    let labels = [
      decimal(yr.high, yr.digits + 1), decimal((yr.high + yr.low) / 2, yr.digits + 1), decimal(yr.low, yr.digits + 1),
    ]
    let pad = max(labels.map(\.count).max() ?? 0, yLabel.count)
    func left(_ s: String) -> String { String(repeating: " ", count: pad - s.count) + s }
    var out = [left(yLabel)]
    for (i, row) in rows.enumerated() {
      let label = i == 0 ? labels[0] : i == rows.count / 2 ? labels[1] : i == rows.count - 1 ? labels[2] : ""
      let line = left(label) + (label.isEmpty ? " │" : " ┤") + row
      out.append(String(line.reversed().drop { $0 == " " }.reversed()))
    }
    let width = rows.first?.count ?? 0
    out.append(String(repeating: " ", count: pad) + " └" + String(repeating: "─", count: width))
    out.append(String(repeating: " ", count: pad + 2) + tickLine(xr, width: width))
    return out
  }

  /// The x tick labels under the axis, then the axis title: the first and last tick at the ends
  /// (linear), or each tick of a log axis where it lands when there is room.
  private static func tickLine(_ xr: XScale, width: Int) -> String {
    let lowText = decimal(xr.bounds.low, 0)
    let highText = decimal(xr.bounds.high, 0)
    guard xr.axis.logarithmic else {
      let gap = max(1, width - lowText.count - highText.count - 5)
      return lowText + String(repeating: " ", count: gap) + highText + " " + xr.axis.title
    }
    var line = ""
    for (i, t) in xr.ticks.enumerated() {
      let text = decimal(t, 0)
      let at = Int((xr.fraction(t) * Double(width - 1)).rounded())
      let start = i == xr.ticks.count - 1 ? max(at - text.count + 1, line.count + 1) : at
      if i > 0 && start <= line.count { continue }
      line += String(repeating: " ", count: max(start - line.count, 0)) + text
    }
    return line + " " + xr.axis.title
  }

  private static func legend(_ series: [PlotSeries]) -> String {
    "  "
      + series.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element.name)" }.joined(separator: "   ")
  }
}

/// A grid of braille dots with optional marker characters per cell.
struct BrailleCanvas {
  let width: Int
  let height: Int
  private var bits: [UInt8]
  private var marks: [Character?]

  init(width: Int, height: Int) {
    self.width = width
    self.height = height
    bits = Array(repeating: 0, count: width * height)
    marks = Array(repeating: nil, count: width * height)
  }

  /// Braille dot bit for (column 0–1, row 0–3) within a cell.
  private static let bit: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

  mutating func set(_ x: Int, _ y: Int) {
    guard x >= 0, y >= 0, x < width * 2, y < height * 4 else { return }
    bits[(y / 4) * width + x / 2] |= BrailleCanvas.bit[x % 2][y % 4]
  }

  mutating func mark(_ column: Int, _ row: Int, _ c: Character) {
    guard column >= 0, row >= 0, column < width, row < height else { return }
    marks[row * width + column] = c
  }

  /// A straight line of dots between two dot positions; `dotted` leaves every other dot out.
  mutating func line(_ a: (Int, Int), _ b: (Int, Int), dotted: Bool) {
    let steps = max(abs(b.0 - a.0), abs(b.1 - a.1), 1)
    for i in 0...steps where !dotted || i % 3 != 2 {
      let t = Double(i) / Double(steps)
      set(a.0 + Int((Double(b.0 - a.0) * t).rounded()), a.1 + Int((Double(b.1 - a.1) * t).rounded()))
    }
  }

  func rows() -> [String] {
    (0..<height).map { r in
      String(
        (0..<width).map { c -> Character in
          let i = r * width + c
          if let m = marks[i] { return m }
          return bits[i] == 0 ? " " : Character(Unicode.Scalar(0x2800 + UInt32(bits[i])) ?? " ")
        })
    }
  }
}
