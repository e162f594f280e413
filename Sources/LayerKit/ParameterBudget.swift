/// The guard layers call before allocating parameters, so absurd sizes fail with a message instead
/// of exhausting memory.
public enum ParameterBudget {
  /// The most scalar parameters one layer may have: 2³⁰ Float32 values (4 GiB, and as much again
  /// for the gradient and twice that for Adam's moments).
  public static let maxElements = 1 << 30

  /// The product of `factors`, or an error naming `option` when it overflows, exceeds `maxElements`
  /// or would not fit in the memory budget with the layers built before it.
  public static func elements(_ factors: [Int], option: String) throws(LayerError) -> Int {
    var total = 1
    for factor in factors {
      let (product, overflow) = total.multipliedReportingOverflow(by: max(factor, 0))
      if overflow || product > maxElements {
        throw LayerError(
          "option '\(option)=' needs more parameters than fit in memory (over \(maxElements) values); use a smaller '\(option)='"
        )
      }
      total = product
    }
    try requireMemory(total, advice: "use a smaller '\(option)='")
    return total
  }
}
