import Foundation

/// What a finished process printed and returned.
public struct ProcessOutput: Sendable {
  /// The exit status.
  public var status: Int32
  /// Standard output, decoded as UTF-8.
  public var out: String
  /// Standard error, decoded as UTF-8.
  public var err: String
}

/// Runs helper programs (python3, cc, …) for the tests.
public enum TestProcess {
  /// Runs `program arguments…` through /usr/bin/env in `directory`, feeding `stdin`; waits for it.
  /// Standard error goes to a temporary file so that neither pipe can fill up and block the child.
  public static func run(_ program: String, _ arguments: [String], in directory: String? = nil, stdin: String? = nil)
    throws -> ProcessOutput
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let errPath = NSTemporaryDirectory() + "repl-process-stderr-\(UUID().uuidString)"
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
    return ProcessOutput(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self), err: errText)
  }

  /// Whether `program arguments…` starts and exits with status 0 (its output is discarded).
  public static func succeeds(_ program: String, _ arguments: [String]) -> Bool {
    (try? run(program, arguments))?.status == 0
  }
}
