import Testing

@testable import TensorCore

@Suite struct ElementwiseSplitTests {
  /// Every element is handed to exactly one call, for counts below, at and above the threshold and
  /// any number of threads.
  @Test(arguments: [1, 2, 3])
  func everyElementOnce(threads: Int) {
    let threshold = ElementwiseSplit.minimumCount
    for count in [0, 1, threshold - 1, threshold, threshold + 1, 3 * threshold + 5] {
      let visits = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
      defer { visits.deallocate() }
      visits.initialize(repeating: 0)
      ElementwiseSplit.run(count: count, threads: threads) { range in
        for i in range { visits[i] += 1 }
      }
      #expect(visits.prefix(count).allSatisfy { $0 == 1 }, "count \(count)")
    }
  }
}
