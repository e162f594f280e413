import Foundation
import ReplTestSupport
import TensorCore
import Testing

/// `REPL_ISA` forces the kernels' instruction set; a value this CPU cannot run stops the tool at
/// start-up with one line naming the instruction sets it can run.
@Suite struct InstructionSetDriverTests {
  @Test func unknownInstructionSetIsOneLineNamingWhatThisCPURuns() throws {
    let dir = try TestPaths.folder(with: [:])
    let run = try runRepl(["-c", "list"], in: dir, environment: ["REPL_ISA": "sse9"])
    let supported = BLAS.supportedInstructionSets.joined(separator: ", ")
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(
      run.stderr
        == "error: REPL_ISA=sse9 is not an instruction set (known: avx512, avx2, portable); this CPU runs \(supported)\n"
    )
  }

  @Test func instructionSetTheCPULacksIsRefused() throws {
    let missing = BLAS.instructionSets.filter { !BLAS.supportedInstructionSets.contains($0) }
    guard let isa = missing.first else { return }  // an AVX-512 CPU runs every one of them
    let run = try runRepl(["-c", "list"], in: try TestPaths.folder(with: [:]), environment: ["REPL_ISA": isa])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("error: REPL_ISA=\(isa): this CPU cannot run \(isa); it runs "))
  }

  @Test func everySupportedInstructionSetRunsTheSameCommands() throws {
    let dir = try TestPaths.folder(with: [:])
    let commands = [
      "synth d domain=movies n=60 seed=2", "vocab v from d min_count=1",
      "model m = embedding dim=8 | lstm hidden=8 | pool last | dense out=2 vocab=v", "train m on d epochs=2",
      "predict m \"a good film\"",
    ]
    let outputs = try BLAS.supportedInstructionSets.map { isa in
      try stableOutput(runRepl(commands.flatMap { ["-c", $0] }, in: dir, environment: ["REPL_ISA": isa]).stdout)
    }
    #expect(outputs.allSatisfy { $0.contains("epoch 2/2") })
    #expect(Set(outputs).count == 1, "\(outputs)")
  }

  /// `stdout` without the rate and time of the epoch lines (everything after `acc X`).
  private func stableOutput(_ stdout: String) -> String {
    stdout.split(separator: "\n").map { line in
      line.hasPrefix("epoch ") ? line.components(separatedBy: "  ").prefix(3).joined(separator: "  ") : String(line)
    }.joined(separator: "\n")
  }
}
