import Foundation
import Notebook
import ReplTestSupport
import Testing

/// Every lesson under notebooks/.
let lessons = ((try? FileManager.default.contentsOfDirectory(atPath: TestPaths.inPackage("notebooks"))) ?? [])
  .filter { $0.hasSuffix(".txt") }.sorted()

/// The binary that replays the lessons: REPL_LESSON_BINARY, else the release build when there is
/// one (as scripts/check-notebooks.sh uses; the lessons train models and take minutes in debug), else
/// the debug build. Build the release binary first (`swift build -c release --product repl`) so it
/// is the code under test.
func lessonBinary() throws -> String {
  if let chosen = ProcessInfo.processInfo.environment["REPL_LESSON_BINARY"] { return chosen }
  let release = TestPaths.inPackage(".build/release/repl")
  return FileManager.default.isExecutableFile(atPath: release) ? release : try TestPaths.replBinary()
}

/// `repl --run LESSON --format json`: every line on standard output is one JSON object, one per
/// command of the lesson, with the command, ok and status; expected failures are records too.
@Suite(.serialized, .enabled(if: TestConditions.hasData, "needs the lesson data (REPL_DATA)"))
struct JSONLessonTests {
  @Test(arguments: lessons)
  func lessonReplaysIntoJSONLines(_ lesson: String) throws {
    let path = TestPaths.inPackage("notebooks/" + lesson)
    let blocks = try Notebook.load(path).blocks
    let run = try runRepl(
      ["--run", path, "--format", "json"], in: TestPaths.packageRoot, environment: ["REPL_DATA": TestPaths.data],
      binary: try lessonBinary())
    #expect(run.status == 0, "\(run.stderr.suffix(500))")
    let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count == blocks.count, "one record per command")
    for (line, block) in zip(lines, blocks) {
      let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
      let record = try #require(object as? [String: Any], "\(line.prefix(200))")
      #expect(record["command"] as? String == block.command)
      #expect(record["ok"] as? Bool == !block.expectsFailure, "\(block.command)")
      if let tables = record["tables"] { #expect(tables is [[Any]]) }
      if let events = record["events"] as? [[String: Any]] {
        #expect(events.allSatisfy { $0["event"] as? String == "epoch" && $0["loss"] is NSNumber })
      }
    }
  }
}
