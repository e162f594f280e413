import Foundation
import ReplTestSupport
import TextData

@testable import ReplEngine

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
