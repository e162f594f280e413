import Foundation
import ReplEngine
import Testing

/// Runs each command line in `session`, stopping the test at the first that fails.
func execute(_ lines: [String], in session: Session) throws {
  for line in lines {
    let r = session.execute(line)
    try #require(r.succeeded, "\(line): \(r.output)")
  }
}

/// Runs Python for the tests that check our files against PyTorch. Tests that need PyTorch call
/// `torchAvailable`: without it they are skipped with a printed reason, except under `CI=true`,
/// where a missing PyTorch is a test failure (CI installs it: scripts/install-deps.sh).
enum PythonSupport {
  /// The interpreter (`TORCH_PYTHON`, default `python3`).
  static let python = ProcessInfo.processInfo.environment["TORCH_PYTHON"] ?? "python3"

  /// The exit status, standard output and standard error of `python arguments…` run in `directory`.
  static func run(_ arguments: [String], in directory: String? = nil, executable: String? = nil, stdin: String? = nil)
    throws -> (status: Int32, out: String, err: String)
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable ?? python] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let errPath = NSTemporaryDirectory() + "repl-python-stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errPath) }
    let out = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle(forWritingAtPath: errPath)
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errText = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), errText)
  }

  /// Whether `import torch, safetensors` works; prints why a test is skipped, and records a failure
  /// under `CI=true`.
  static func torchAvailable(for test: String) -> Bool {
    let probe = try? run(["-c", "import torch, safetensors"])
    if probe?.status == 0 { return true }
    let why = "\(python) cannot import torch and safetensors (pip install torch safetensors)"
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      Issue.record("\(test) needs PyTorch and CI=true: \(why)")
    } else {
      print("SKIPPED: \(test) — \(why)")
    }
    return false
  }

  /// A new empty temporary folder.
  static func temporaryFolder(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "repl-\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
