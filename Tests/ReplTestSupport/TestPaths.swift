import Foundation

/// Where the tests find things: the package root, the data directory, fixtures, the built `repl`
/// binary, and fresh temporary folders.
public enum TestPaths {
  /// The package root, found from this file's path (Tests/ReplTestSupport/TestPaths.swift).
  public static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// The data directory the tests read: `REPL_DATA`, else ../shared/data beside the package root.
  public static let data: String =
    ProcessInfo.processInfo.environment["REPL_DATA"].flatMap { $0.isEmpty ? nil : $0 }
    ?? packageRoot + "/../shared/data"

  /// `path` below the package root (`Tests/LayerTests/Fixtures`, `scripts/pty_test.py`, …).
  public static func inPackage(_ path: String) -> String { packageRoot + "/" + path }

  /// The debug `repl` binary built by `swift build --build-tests` (.build/debug/repl, else the one
  /// under .build/TRIPLE/debug).
  public static func replBinary() throws -> String {
    let build = packageRoot + "/.build"
    let candidates =
      [build + "/debug/repl"]
      + ((try? FileManager.default.contentsOfDirectory(atPath: build)) ?? []).map { build + "/\($0)/debug/repl" }
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
      throw TestSupportError("no repl binary under \(build); run swift build --build-tests first")
    }
    return path
  }

  /// A new empty folder under the system's temporary directory, named `prefix-UUID`.
  public static func temporaryFolder(_ prefix: String = "repl-tests") -> String {
    let path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A new temporary folder holding `files` (file name → UTF-8 text).
  public static func folder(with files: [String: String], prefix: String = "repl-tests") throws -> String {
    let path = temporaryFolder(prefix)
    for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
    return path
  }

  /// Writes `bytes` to `folder/name`, creating subfolders; the file's path.
  @discardableResult
  public static func write(_ bytes: [UInt8], _ folder: String, _ name: String) -> String {
    let path = folder + "/" + name
    let parent = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  /// Writes `text` (UTF-8) to `folder/name`, creating subfolders; the file's path.
  @discardableResult
  public static func write(_ text: String, _ folder: String, _ name: String) -> String {
    write(Array(text.utf8), folder, name)
  }
}

/// A test-support failure (no binary, a process that could not start), with what to do.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
  /// The message.
  public let description: String
  /// An error saying `description`.
  public init(_ description: String) { self.description = description }
}
