/// Per-step training losses kept at a bounded resolution: each point is the mean loss of
/// `stepsPerPoint` consecutive steps; when the points would pass `capacity`, neighbours are
/// averaged in pairs and the bucket doubles, so a long run never keeps more than `capacity` points.
public struct StepLossCurve: Sendable, Equatable {
  /// The most points kept.
  public let capacity: Int
  /// Steps averaged into each full point.
  public private(set) var stepsPerPoint = 1
  /// The full points so far.
  public private(set) var points: [Double] = []
  private var pendingSum = 0.0
  private var pendingCount = 0

  /// An empty curve that keeps at most `capacity` points (at least 2).
  public init(capacity: Int) { self.capacity = max(capacity, 2) }

  /// Adds one step's loss.
  public mutating func add(_ loss: Double) {
    pendingSum += loss
    pendingCount += 1
    guard pendingCount == stepsPerPoint else { return }
    points.append(pendingSum / Double(pendingCount))
    pendingSum = 0
    pendingCount = 0
    if points.count > capacity { halve() }
  }

  /// The points with the unfinished bucket's mean last (at most `capacity + 1` values).
  public var finished: [Double] { pendingCount == 0 ? points : points + [pendingSum / Double(pendingCount)] }

  /// Averages neighbouring points in pairs; an odd last point goes back into the open bucket.
  private mutating func halve() {
    if points.count % 2 == 1, let last = points.popLast() {
      pendingSum += last * Double(stepsPerPoint)
      pendingCount += stepsPerPoint
    }
    points = stride(from: 0, to: points.count, by: 2).map { (points[$0] + points[$0 + 1]) / 2 }
    stepsPerPoint *= 2
  }
}
