import TensorCore

extension ParameterBudget {
  /// What one parameter costs while a model trains: its value, its gradient and Adam's two moments
  /// (4 Float32 values).
  public static let bytesPerParameter = 16

  /// Parameters of the layers already built for the network under construction (bound by
  /// `Network.init` around each layer's constructor).
  @TaskLocal static var builtBefore = 0

  /// Throws when the network under construction, with `elements` more parameters, would not fit in
  /// the memory budget (`MemoryBudget.current`); `advice` says what to make smaller.
  public static func requireMemory(_ elements: Int, advice: String) throws(LayerError) {
    let total = MemoryBudget.sum(builtBefore, elements)
    let bytes = MemoryBudget.product(total, bytesPerParameter)
    do {
      try MemoryBudget.current.require(
        bytes, for: "a model of \(total) parameters (\(bytesPerParameter) bytes each with gradient and Adam's moments)",
        advice: advice)
    } catch {
      throw LayerError(error.message)
    }
  }
}
