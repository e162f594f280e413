import TensorCore

extension Session {
  /// The memory budget of the next command: the session variable `REPL_MEMORY_LIMIT` (checked by
  /// `set`), else the environment variable of that name (checked at start), else half the physical
  /// memory.
  public var memoryBudget: MemoryBudget {
    let setting = variables[MemoryBudget.variable] ?? environment(MemoryBudget.variable)
    return (try? MemoryBudget.from(setting: setting)) ?? .standard
  }

  /// Runs a handler with the session's cancellation token and memory budget bound for the library
  /// code below it (layer constructors, generators), which reads them as `.current`.
  func bindingLimits(_ body: () throws -> Void) throws {
    let budget = memoryBudget
    try CancellationToken.$current.withValue(cancellation) {
      try MemoryBudget.$current.withValue(budget) { try body() }
    }
  }

  /// Fails with a one-line error when `bytes` is over the memory budget (before allocating).
  func requireMemory(_ bytes: Int, for what: String, advice: String) throws {
    try memoryBudget.require(bytes, for: what, advice: advice)
  }

  /// The `error: …` line for an environment `REPL_MEMORY_LIMIT` that is not a size (shown at start;
  /// the standard budget applies), or nil.
  static func memoryLimitStartupMessage() -> String? {
    do {
      _ = try MemoryBudget.from(setting: environment(MemoryBudget.variable))
      return nil
    } catch {
      return "error: \(error.message) (using \(MemoryBudget.standard.origin))"
    }
  }
}
