import TensorKernels
import Testing

@testable import TensorCore

/// Runs `body` once per instruction set this CPU has (portable, avx2, avx512), each selected in turn
/// for every C kernel, then restores the best one; returns the results in that order.
func onEveryInstructionSet<T>(_ body: (String) -> T) -> [T] {
  let best = BLAS.instructionSet
  defer { #expect(tk_use_isa(best) == 1) }
  return ["portable", "avx2", "avx512"].compactMap { (isa: String) -> T? in tk_use_isa(isa) == 1 ? body(isa) : nil }
}
