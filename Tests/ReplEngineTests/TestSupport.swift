import Foundation
@testable import ReplEngine
import TextData

/// A fresh temporary folder for one test.
func temporaryFolder() -> String {
  let path = NSTemporaryDirectory() + "repl-engine-tests-" + UUID().uuidString
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// A small labeled dataset to put in sessions.
func sampleDataset(_ n: Int = 4) -> Dataset {
  let examples = (0..<n).map { Example(text: "text \($0)", label: $0 % 2) }
  return Dataset(examples: examples, labelNames: ["neg", "pos"], source: "test")
}

/// A session working in a temporary folder, holding `movies` and `products`.
func sessionWithData() -> Session {
  let session = Session(workingDirectory: temporaryFolder())
  session.define("movies", .dataset(sampleDataset(4)))
  session.define("products", .dataset(sampleDataset(6)))
  return session
}

extension Session {
  /// The object names, for before/after comparisons.
  var objectNames: [String] { objects.keys.sorted() }
}
