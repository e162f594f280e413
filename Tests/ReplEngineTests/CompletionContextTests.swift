import CommandLanguage
import Foundation
import ReplTestSupport
import Testing

@testable import ReplEngine

@Suite struct CompletionContextTests {
  @Test func objectNamesByKind() {
    let session = sessionWithData()
    #expect(session.names(of: .dataset) == ["movies", "products"])
    #expect(session.names(of: .model).isEmpty)
    #expect(session.names(of: .any) == ["movies", "products"])
  }

  @Test func layerTypesAndOptionKeysFromRegistry() {
    let session = Session()
    #expect(session.layerTypes == session.registry.types.map(\.name))
    #expect(!session.layerTypes.isEmpty)
    #expect(session.layerOptionKeys("no-such-type").isEmpty)
  }

  @Test func filesAreListedWithTheTypedPrefix() throws {
    let session = Session(workingDirectory: temporaryFolder())
    let fm = FileManager.default
    try fm.createDirectory(atPath: session.workingDirectory + "/data", withIntermediateDirectories: true)
    _ = fm.createFile(atPath: session.workingDirectory + "/data/movies.txt", contents: Data())
    _ = fm.createFile(atPath: session.workingDirectory + "/data/music.txt", contents: Data())
    #expect(session.files(withPrefix: "da") == ["data/"])
    #expect(session.files(withPrefix: "data/mo") == ["data/movies.txt"])
    #expect(session.files(withPrefix: "data/m") == ["data/movies.txt", "data/music.txt"])
  }

  @Test func pathsLayersAndLayerOptionsComplete() throws {
    let session = Session(workingDirectory: temporaryFolder())
    try FileManager.default.createDirectory(
      atPath: session.workingDirectory + "/data", withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: session.workingDirectory + "/data/movies.txt", contents: Data())
    #expect(Completer.complete(line: "load x from da", cursor: 14, context: session).texts == ["data/"])
    #expect(Completer.complete(line: "source data/m", cursor: 13, context: session).texts == ["data/movies.txt"])
    session.execute("synth movies domain=movies n=20")
    session.execute("vocab v from movies")
    let made = session.execute("model clf = embedding dim=8 | pool mean | dense out=2 vocab=v")
    #expect(made.status == .ok, "\(made.output)")
    #expect(session.layerNames(ofModel: "clf") == ["embedding", "pool", "dense"])
    #expect(Completer.complete(line: "show clf.d", cursor: 10, context: session).texts == ["clf.dense"])
    let line = "model m2 = embedding d"
    let keys = Completer.complete(line: line, cursor: line.utf8.count, context: session).texts
    #expect(keys.contains("dim="))
  }

  @Test func completerSeesLiveObjects() {
    let session = sessionWithData()
    #expect(Completer.complete(line: "dro", cursor: 3, context: session).texts == ["drop"])
    let names = Completer.complete(line: "drop mo", cursor: 7, context: session).texts
    #expect(names == ["movies"])
    session.execute("drop movies")
    #expect(Completer.complete(line: "drop mo", cursor: 7, context: session).texts.isEmpty)
    session.execute("set victim products")
    #expect(Completer.complete(line: "drop $vi", cursor: 8, context: session).texts == ["$victim"])
  }
}
