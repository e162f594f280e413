import Foundation
import Notebook
import ReplEngine
import Testing
import Transcripts

/// `source FILE` and `repl --run FILE` (Notebook.load) read files with the one parser: they reject
/// the same files with the same `FILE:LINE: reason`, and run the same commands.
@Suite struct SourceAndReplayAgreeTests {
  /// Writes `text` to a fresh temporary file and returns its path.
  func file(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "transcripts-" + UUID().uuidString + ".txt"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// The error of `source` and of `Notebook.load` on the same file.
  func errors(_ text: String) throws -> (source: String?, load: String?) {
    let path = try file(text)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let result = Session().execute("source \"\(path)\"")
    do {
      _ = try Notebook.load(path)
      return (result.error, nil)
    } catch {
      return (result.error, error.message)
    }
  }

  @Test(
    arguments: StrayContinuationTests.stray.map(\.0) + ["repl> help \\\noutput\n", "stray\nrepl> list\n", "set a \\"])
  func malformedFilesFailTheSameWay(_ text: String) throws {
    let (source, load) = try errors(text)
    #expect(load != nil)
    #expect(source == load, "\(text)")
  }

  @Test func aTranscriptAndItsScriptRunTheSameCommands() throws {
    let transcript = "# set up\nrepl> set a 1\nrepl> set b \\\n...> 2\nb is 2\n"
    let session = Session()
    let result = session.execute("source \"\(try file(transcript))\"")
    #expect(result.succeeded, "\(result.output)")
    #expect(session.variables["a"] == "1" && session.variables["b"] == "2")
    let script = try Transcript.parse("set a 1\nset b \\\n2\n", file: "s.repl")
    #expect(script.commands.map(\.command) == (try Transcript.parse(transcript, file: "t.txt").commands.map(\.command)))
  }
}
