import Foundation
import ReplTestSupport

/// The example and test plugins, compiled once per test run into a temporary folder.
///
/// The examples are built with the one-line commands from their READMEs; the bad plugins come from
/// Tests/PluginTests/Fixtures. Compiling takes about two seconds in all.
struct PluginFixtures: Sendable {
  /// `libswish.so` (C example).
  let swish: String
  /// `libgated.so` (Swift example).
  let gated: String
  /// `libflaky.so`: a layer whose forward fails on demand.
  let flaky: String
  /// `libdup.so`: declares the layer type `swish` again.
  let duplicate: String
  /// `libbad_abi.so`: built for the next major ABI version.
  let badABI: String
  /// `libno_entry.so`: a shared library without the entry symbol.
  let noEntry: String
  /// `librefusing.so`: an entry point that returns NULL with a message.
  let refusing: String
  /// `libnotalib.so`: a text file.
  let notALibrary: String

  /// The package root.
  static let root = TestPaths.packageRoot

  /// The plugins, built on first use; a failed build is reported by every test that needs them.
  static let built: Result<PluginFixtures, BuildError> = Result { () throws(BuildError) in try build() }

  /// A compiler that failed, with its output.
  struct BuildError: Error, Sendable, CustomStringConvertible {
    let description: String
  }

  private static func build() throws(BuildError) -> PluginFixtures {
    let out = NSTemporaryDirectory() + "repl-plugin-tests-\(getpid())"
    try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let include = "\(root)/plugins/include"
    let examples = "\(root)/plugins/examples"
    let fixtures = "\(root)/Tests/PluginTests/Fixtures"
    func cc(_ source: String, _ name: String, _ extra: [String] = []) throws(BuildError) -> String {
      let lib = "\(out)/lib\(name).so"
      try run("/usr/bin/env", ["cc", "-shared", "-fPIC", "-O1", "-I\(include)"] + extra + [source, "-o", lib, "-lm"])
      return lib
    }
    let gated = "\(out)/libgated.so"
    try run(
      "/usr/bin/env",
      [
        "swiftc", "-emit-library", "-O", "-I\(include)", "-module-name", "gated", "\(examples)/gated/Gated.swift",
        "-o", gated,
      ])
    let notALibrary = "\(out)/libnotalib.so"
    _ = FileManager.default.createFile(atPath: notALibrary, contents: Data("not a library\n".utf8))
    return PluginFixtures(
      swish: try cc("\(examples)/swish/swish.c", "swish"), gated: gated, flaky: try cc("\(fixtures)/flaky.c", "flaky"),
      duplicate: try cc("\(fixtures)/flaky.c", "dup", ["-DFLAKY_NAME=\"swish\""]),
      badABI: try cc("\(fixtures)/bad_abi.c", "bad_abi"), noEntry: try cc("\(fixtures)/no_entry.c", "no_entry"),
      refusing: try cc("\(fixtures)/refusing.c", "refusing"), notALibrary: notALibrary)
  }

  private static func run(_ tool: String, _ arguments: [String]) throws(BuildError) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    do { try process.run() } catch { throw BuildError(description: "cannot run \(arguments[0]): \(error)") }
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus != 0 {
      throw BuildError(
        description: "\(arguments.joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
    }
  }
}
