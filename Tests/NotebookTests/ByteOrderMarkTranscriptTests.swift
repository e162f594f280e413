import Foundation
import ReplEngine
import Testing

@testable import Notebook

/// A transcript or script saved by an editor that writes a UTF-8 byte-order mark reads as without it.
@Suite struct ByteOrderMarkTranscriptTests {
  func file(_ text: String) throws -> String {
    let folder = NSTemporaryDirectory() + "nb-bom-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/t.txt"
    try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func transcriptFirstCommandHasNoMark() throws {
    let t = try Notebook.load(try file("repl> set a 1\n\nrepl> list\n"))
    #expect(!t.isPlainScript)
    #expect(t.blocks.map(\.command) == ["set a 1", "list"])
  }

  @Test func sourcedScriptRunsItsFirstLine() throws {
    let path = try file("set greeting hello\n")
    let session = Session()
    let result = session.execute("source \"\(path)\"")
    #expect(result.succeeded, "\(result.output)")
    #expect(session.variables["greeting"] == "hello")
  }
}
