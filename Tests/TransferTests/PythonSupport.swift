import Foundation
import ReplEngine
import ReplTestSupport
import Testing

/// Runs each command line in `session`, stopping the test at the first that fails.
func execute(_ lines: [String], in session: Session) throws {
  for line in lines {
    let r = session.execute(line)
    try #require(r.succeeded, "\(line): \(r.output)")
  }
}

/// Runs Python for the tests that check our files against PyTorch. Tests that need PyTorch are
/// `.enabled(if: PythonSupport.torchTestsRun, …)`: without it they are reported as skipped, except
/// under `CI=true`, where they run and `requireTorch()` fails them (CI installs it:
/// scripts/install-deps.sh).
enum PythonSupport {
  /// The interpreter (`TORCH_PYTHON`, default `python3`).
  static let python = TestConditions.torchPython

  /// Whether `python` runs at all (the tokenizer check needs nothing more).
  static let pythonRuns = TestProcess.succeeds(python, ["-c", "pass"])

  /// Whether the PyTorch tests run: PyTorch importable, or CI=true (where its absence fails them).
  static let torchTestsRun = TestConditions.hasTorch || TestConditions.isCI

  /// The reason shown when the PyTorch tests are skipped.
  static let torchMissing: Comment = "needs python3 with torch and safetensors (pip install torch safetensors)"

  /// Stops the test with a failure when PyTorch is missing (only reached under CI=true).
  static func requireTorch() throws {
    try #require(TestConditions.hasTorch, "CI=true needs \(python) with torch and safetensors")
  }

  /// The exit status, standard output and standard error of `python arguments…` run in `directory`.
  static func run(_ arguments: [String], in directory: String? = nil, stdin: String? = nil) throws -> ProcessOutput {
    try TestProcess.run(python, arguments, in: directory, stdin: stdin)
  }

  /// A new empty temporary folder.
  static func temporaryFolder(_ name: String) throws -> String {
    TestPaths.temporaryFolder("repl-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
  }
}
