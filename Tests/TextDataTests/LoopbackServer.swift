import Foundation

/// `python3 -m http.server` bound to 127.0.0.1 on a free port, serving one folder; started and
/// stopped by the test that owns it (never reachable from outside the machine).
final class LoopbackServer {
  let process = Process()
  let baseURL: String

  init(serving folder: String) throws {
    let log = NSTemporaryDirectory() + "loopback-\(UUID().uuidString).log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: log) }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder]
    process.standardOutput = FileHandle(forWritingAtPath: log)
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    var port: Int?
    for _ in 0..<400 where port == nil {
      let seen = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      if let range = seen.range(of: "port ") { port = Int(seen[range.upperBound...].prefix { $0.isNumber }) }
      if port == nil { usleep(50_000) }
    }
    guard let port else {
      kill(process.processIdentifier, SIGKILL)
      throw CocoaError(.fileReadUnknown)
    }
    baseURL = "http://127.0.0.1:\(port)"
  }

  /// Stops the server this test started (SIGKILL by its pid: the test runner may start children
  /// with SIGTERM ignored).
  func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  deinit { stop() }
}
