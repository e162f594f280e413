import Foundation

/// Paths for tests: the package root (from this file's location) and the shared data beside it.
enum TestPaths {
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// `../shared/data` as seen from the package root.
  static let sharedData = packageRoot + "/../shared/data"

  /// A fresh temporary folder for one test.
  static func temporaryFolder() -> String {
    let path = NSTemporaryDirectory() + "textdata-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Writes `text` (or raw bytes) to `folder/name`, creating subfolders.
  @discardableResult
  static func write(_ bytes: [UInt8], _ folder: String, _ name: String) -> String {
    let path = folder + "/" + name
    let parent = (path as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  @discardableResult
  static func write(_ text: String, _ folder: String, _ name: String) -> String {
    write(Array(text.utf8), folder, name)
  }
}
