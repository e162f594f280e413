import Foundation
import ReplTestSupport
import Testing
import TextData

@testable import ReplEngine

/// The data commands through `Session.execute`: real files, catalogue loads, and failures that leave
/// the session exactly as it was.
@Suite struct DataCommandTests {
  /// The dataset sizes in a session, by name.
  func sizes(_ session: Session) -> [String: Int] {
    var result: [String: Int] = [:]
    for (name, object) in session.objects { if case .dataset(let d) = object { result[name] = d.count } }
    return result
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func loadShowHeadSplitSampleVocab() {
    let session = Session(workingDirectory: temporaryFolder())
    let load = session.execute("load movies from \(TestPaths.data)/uci-sentiment-sentences/imdb_labelled.txt")
    #expect(load.status == .ok)
    #expect(load.output == "movies: 1000 examples (neg 500, pos 500)\n")
    let show = session.execute("show movies").output
    #expect(show.contains("duplicates: 3"))
    #expect(show.contains("length p50 "))
    #expect(show.contains("most frequent: . 1045, the 847"))
    #expect(session.execute("head movies 2").output.hasPrefix("1  neg  A very, very, very slow-moving"))
    #expect(session.execute("split movies train=0.8 val=0.1 test=0.1 seed=1").status == .ok)
    #expect(sizes(session)["movies.val"] == 100)
    #expect(
      session.execute("sample movies.train n=100 seed=1 as small").output == "small: 100 examples (neg 50, pos 50)\n")
    let vocab = session.execute("vocab v from movies.train,movies.val size=500 min_count=2")
    #expect(vocab.output.hasPrefix("v: 502 tokens (500 words + <pad>, <unk>) from movies.train, movies.val"))
    let showVocab = session.execute("show v").output
    #expect(showVocab.contains("settings: lowercase=yes stopwords=none"))
    #expect(showVocab.contains("coverage of movies.val: "))
  }

  @Test func splitWithoutValAndBadFractions() {
    let session = Session(workingDirectory: temporaryFolder())
    #expect(session.execute("synth s domain=movies n=200 seed=2").status == .ok)
    #expect(session.execute("split s train=0.75 seed=1").status == .ok)
    #expect(sizes(session) == ["s": 200, "s.train": 150, "s.test": 50])
    let before = sizes(session)
    let bad = session.execute("split s train=0.8 val=0.1 test=0.2")
    #expect(bad.status == .failed)
    #expect(bad.output.hasPrefix("error: split s: "))
    #expect(bad.output.contains("sum to 1, not 1.100"))
    #expect(sizes(session) == before)
  }

  @Test func sampleLargerThanTheDataFails() {
    let session = Session(workingDirectory: temporaryFolder())
    _ = session.execute("synth s n=50")
    let result = session.execute("sample s n=51 as big")
    #expect(result.output == "error: sample s: n=51 is larger than the dataset (50 examples)\n")
    #expect(sizes(session) == ["s": 50])
  }

  @Test func failedLoadsKeepEveryObjectAndDefineNothing() {
    let folder = temporaryFolder()
    let session = Session(workingDirectory: folder)
    _ = session.execute("synth imdb n=20")
    TestPaths.write("good movie", folder, "acl/train/pos/1_9.txt")
    TestPaths.write("bad movie", folder, "acl/train/neg/2_2.txt")
    TestPaths.write("fine", folder, "acl/test/neg/3_3.txt")
    TestPaths.write("", folder, "acl/test/pos/4_9.txt")
    let result = session.execute("load imdb from acl")
    #expect(result.status == .failed)
    #expect(result.output == "error: acl/test/pos/4_9.txt: empty review file (0 bytes)\n")
    #expect(sizes(session) == ["imdb": 20])
    TestPaths.write("good\tpos\nbad\tneg\nodd\n", folder, "ragged.tsv")
    #expect(
      session.execute("load imdb from ragged.tsv").output
        == "error: ragged.tsv:3: row has 1 fields, expected 2 as in line 1\n")
    #expect(sizes(session) == ["imdb": 20])
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func catalogueLoadFromAMirroredDataDirectory() throws {
    let data = temporaryFolder()
    try FileManager.default.createSymbolicLink(
      atPath: data + "/uci-sentiment-sentences", withDestinationPath: TestPaths.data + "/uci-sentiment-sentences")
    let session = Session(workingDirectory: temporaryFolder())
    session.variables["REPL_DATA"] = data
    let listing = session.execute("datasets").output
    #expect(listing.contains("data directory: \(data)"))
    #expect(listing.split(separator: "\n").contains { $0.hasPrefix("uci-sentiment") && $0.contains("present") })
    #expect(listing.split(separator: "\n").contains { $0.hasPrefix("aclimdb") && $0.contains("absent") })
    let load = session.execute("load uci")
    #expect(
      load.output
        == "error: 'uci' is not a catalogue dataset or pretrained model; say load uci from PATH, or see: datasets, pretrained\n"
    )
    #expect(session.execute("load uci-sentiment").status == .ok)
    #expect(sizes(session) == ["uci-sentiment.imdb": 1000, "uci-sentiment.amazon": 1000, "uci-sentiment.yelp": 1000])
    let absent = session.execute("load blitzer")
    #expect(absent.output.contains("is not in the data directory"))
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func sharedDataIsItselfADataDirectory() {
    let session = Session(workingDirectory: temporaryFolder())
    session.variables["REPL_DATA"] = TestPaths.data
    #expect(session.execute("load blitzer").status == .ok)
    #expect(session.execute("load glove-twitter-25d").output == "glove-twitter-25d: 11925 vectors of dimension 25\n")
    #expect(sizes(session) == ["blitzer.books": 2000, "blitzer.dvd": 2000])
  }

  @Test func fetchFromAnUnreachableMirrorInstallsNothing() {
    let data = temporaryFolder()
    let session = Session(workingDirectory: temporaryFolder())
    session.variables["REPL_DATA"] = data
    session.variables["REPL_CATALOGUE_MIRROR"] = "http://127.0.0.1:9"
    let result = session.execute("fetch uci-sentiment")
    #expect(result.status == .failed)
    #expect(
      result.output.hasPrefix(
        "error: http://127.0.0.1:9/uci-sentiment-sentences/amazon_cells_labelled.txt: download failed"))
    #expect((try? FileManager.default.contentsOfDirectory(atPath: data))?.isEmpty ?? true)
    #expect(session.execute("fetch ucisentiment").output.contains("did you mean 'uci-sentiment'"))
  }

  @Test(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
  func synthIsDeterministicAndVectorsLoad() {
    let a = Session(workingDirectory: temporaryFolder())
    let b = Session(workingDirectory: temporaryFolder())
    for s in [a, b] { _ = s.execute("synth r domain=restaurants n=30 seed=4 noise=0") }
    #expect(a.execute("head r 30").output == b.execute("head r 30").output)
    let glove = a.execute("load g from \(TestPaths.data)/glove-twitter-25d-subset/glove.twitter.27B.25d.subset.txt")
    #expect(glove.output == "g: 11925 vectors of dimension 25\n")
  }

  @Test func safetensorsPathsGoToTheCheckpointLoader() {
    let folder = temporaryFolder()
    TestPaths.write("not a checkpoint", folder, "m.safetensors")
    let session = Session(workingDirectory: folder)
    let result = session.execute("load m from m.safetensors")
    #expect(result.status == .failed)
    #expect(result.output.contains("safetensors"))
    #expect(session.objects["m"] == nil)
  }

  @Test func stopwordWarningIsInHelp() {
    let help = Session().execute("help vocab").output
    #expect(help.contains("\"not\""))
  }
}
