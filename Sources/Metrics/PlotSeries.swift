#if canImport(Glibc)
  import Glibc
#endif

/// One curve of a chart: (x, y) points, a legend name, a colour group and a line style.
public struct PlotSeries: Sendable {
  /// The legend text (`clf train`).
  public var name: String
  /// The points in x order (x is the epoch).
  public var points: [(x: Double, y: Double)]
  /// Series of one model share a group (one colour); train is solid, validation dashed.
  public var group: Int
  /// Drawn dashed with hollow markers (validation curves).
  public var dashed: Bool
  /// Half-lengths of error bars (±sd), index-aligned with `points`; nil draws none.
  public var errors: [Double]?

  /// A series; `group` picks the colour.
  public init(name: String, points: [(x: Double, y: Double)], group: Int = 0, dashed: Bool = false) {
    self.name = name
    self.points = points
    self.group = group
    self.dashed = dashed
  }
}

/// What the x axis shows: its title and whether it is logarithmic.
public struct PlotAxis: Sendable {
  /// The axis title (`epoch`).
  public var title: String
  /// A log scale, with a tick at each data value (label counts 50, 100, 200, …).
  public var logarithmic: Bool

  /// An axis with this title.
  public init(title: String, logarithmic: Bool = false) {
    self.title = title
    self.logarithmic = logarithmic
  }

  /// Epochs: linear, whole numbers.
  public static let epoch = PlotAxis(title: "epoch")
}

/// The x axis of a chart: where a value lands (0…1) and where the ticks go.
struct XScale {
  let axis: PlotAxis
  private let range: PlotRange
  /// Tick values in data units.
  let ticks: [Double]

  /// A scale covering `values`: linear with whole-number ticks, or logarithmic with a tick at each
  /// distinct value.
  init(_ values: [Double], axis: PlotAxis, ticks count: Int) {
    self.axis = axis
    if axis.logarithmic {
      range = PlotRange(tight: values.map(XScale.logarithm))
      ticks = Array(Set(values)).sorted()
    } else {
      range = PlotRange(values, ticks: count, integer: true)
      ticks = range.ticks
    }
  }

  /// `x` mapped to 0…1 across the axis.
  func fraction(_ x: Double) -> Double { range.fraction(axis.logarithmic ? XScale.logarithm(x) : x) }

  /// The ends of the axis in data units (a log axis: its lowest and highest tick).
  var bounds: (low: Double, high: Double) {
    axis.logarithmic ? (ticks.first ?? 1, ticks.last ?? 1) : (range.low, range.high)
  }

  private static func logarithm(_ x: Double) -> Double { log10(max(x, 1e-12)) }
}

/// The value range a chart shows, widened to "nice" tick values.
struct PlotRange {
  var low: Double
  var high: Double
  var step: Double

  /// A range covering `values` with about `ticks` nice tick steps (1, 2 or 5 × 10ⁿ); an `integer`
  /// range (epochs) runs exactly from the lowest to the highest value.
  init(_ values: [Double], ticks: Int, integer: Bool = false) {
    var lo = values.min() ?? 0
    var hi = values.max() ?? 1
    if !(hi > lo) {
      lo -= 0.5
      hi += 0.5
    }
    var step = PlotRange.nice((hi - lo) / Double(max(ticks, 1)))
    if integer {
      // Epoch axes stay tight around the data: ticks step from the first epoch.
      step = max(1, step.rounded())
      low = lo.rounded(.down)
      high = hi.rounded(.up)
    } else {
      low = (lo / step).rounded(.down) * step
      high = (hi / step).rounded(.up) * step
    }
    self.step = step
  }

  /// Exactly the span of `values` (a single value gets ±0.5).
  init(tight values: [Double]) {
    low = values.min() ?? 0
    high = values.max() ?? 1
    if !(high > low) {
      low -= 0.5
      high += 0.5
    }
    step = high - low
  }

  /// The tick values from low to high.
  var ticks: [Double] {
    var out: [Double] = []
    var i = 0.0
    while low + i * step <= high + step * 1e-9 {
      out.append(low + i * step)
      i += 1
    }
    return out
  }

  /// `x` mapped to 0…1 across the range.
  func fraction(_ x: Double) -> Double { high > low ? (x - low) / (high - low) : 0.5 }

  /// The decimals needed to print ticks of this step.
  var digits: Int {
    var d = 0
    var s = step
    while s < 1 && d < 6 {
      s *= 10
      d += 1
    }
    return d
  }

  static func nice(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    let f = raw / magnitude
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude
  }
}
