import Foundation
import ReplEngine
import ReplTestSupport
import Testing
import TextData
import Training

@testable import Transfer

/// The transfer commands through `Session.execute`, as typed at the prompt.
@Suite("Transfer commands", .enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
struct TransferCommandTests {
  /// A session with two small models over different vocabularies of the UCI amazon sentences.
  func session() throws -> Session {
    let s = Session(workingDirectory: TestPaths.packageRoot)
    for line in [
      "load amazon from \(TestPaths.data)/uci-sentiment-sentences/amazon_cells_labelled.txt",
      "load yelp from \(TestPaths.data)/uci-sentiment-sentences/yelp_labelled.txt",
      "vocab va from amazon min_count=2", "vocab vy from yelp min_count=2",
      "model a = embedding dim=8 | lstm hidden=8 | pool last | dense out=3 vocab=va",
      "model b = embedding dim=8 | lstm hidden=8 | pool last | dense out=2 vocab=vy",
    ] {
      let r = s.execute(line)
      try #require(r.succeeded, "\(line): \(r.output)")
    }
    return s
  }

  @Test func planPrintsRowsAndChangesNothing() throws {
    let s = try session()
    let before = snapshot(try s.model("b"))
    let r = s.execute("transfer a -> b layers=embedding,lstm plan")
    #expect(r.succeeded)
    #expect(r.output.contains("embedding.weight   remapped"))
    #expect(r.output.contains("dense.weight       skipped   [3, 8]"))
    #expect(r.output.contains("target tokens in the source vocabulary"))
    #expect(r.output.contains("plan only: 'b' is unchanged"))
    #expect(snapshot(try s.model("b")) == before)
  }

  @Test func failedTransferLeavesTheTargetUnchanged() throws {
    let s = try session()
    let before = snapshot(try s.model("b"))
    let r = s.execute("transfer a -> b")
    #expect(r.status == .failed)
    #expect(r.error?.contains("'dense.weight' has shape [3, 8] in the source but [2, 8] in 'b'") == true)
    #expect(snapshot(try s.model("b")) == before)
    for bad in ["transfer a -> a", "transfer a -> b layers=lstn", "transfer amazon -> b", "transfer a -> b.lstn"] {
      let failed = s.execute(bad)
      #expect(failed.status == .failed, "\(bad)")
      #expect(failed.output.split(separator: "\n").count == 1, "\(bad): \(failed.output)")
    }
    #expect(snapshot(try s.model("b")) == before)
  }

  @Test func freezeThenTrainThenDriftShowsExactZero() throws {
    let s = try session()
    #expect(s.execute("transfer a -> b layers=embedding,lstm freeze=yes").succeeded)
    #expect(s.execute("model before = copy b").succeeded)
    let trained = s.execute("train b on yelp epochs=1 batch=64 maxlen=20")
    try #require(trained.succeeded, "\(trained.output)")
    let drift = s.execute("drift before b").output.split(separator: "\n").map {
      $0.split(separator: " ").map(String.init)
    }
    #expect(drift.contains(["embedding", "0", "yes"]))
    #expect(drift.contains(["lstm", "0", "yes"]))
    let dense = try #require(drift.first { $0.first == "dense" })
    #expect(dense[1] != "0" && dense[2] == "no")
    #expect(try s.model("b").transferredFrom == "a")
  }

  @Test func saveAndLoadRestoreIdenticalPredictions() throws {
    let s = try session()
    let path = NSTemporaryDirectory() + "transfer-cmd-\(ProcessInfo.processInfo.processIdentifier).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try #require(s.execute("train b on yelp epochs=1 batch=64 maxlen=20").succeeded)
    #expect(s.execute("save b to \(path)").succeeded)
    #expect(s.execute("load b2 from \(path)").succeeded)
    let p1 = s.execute("predict b \"the food is great\"")
    let p2 = s.execute("predict b2 \"the food is great\"")
    #expect(p1.succeeded && p1.output == p2.output)
    #expect(
      s.execute("eval b on yelp").output.split(separator: "\n").dropFirst().joined()
        == s.execute("eval b2 on yelp").output.split(separator: "\n").dropFirst().joined())
    let bad = s.execute("save a to \(path).bin")
    #expect(bad.status == .failed)
    try Data("not a checkpoint at all".utf8).write(to: URL(fileURLWithPath: path + ".junk.safetensors"))
    defer { try? FileManager.default.removeItem(atPath: path + ".junk.safetensors") }
    let junk = s.execute("load j from \(path).junk.safetensors")
    #expect(junk.status == .failed)
    #expect((try? s.object("j")) == nil)
  }

  @Test func oneLayerTargetListsOnlyThatLayer() throws {
    let s = try session()
    try #require(
      s.execute(
        "load g from \(TestPaths.data)/glove-twitter-25d-subset/glove.twitter.27B.25d.subset.txt format=vectors"
      ).succeeded)
    try #require(s.execute("model c = embedding dim=25 | lstm hidden=8 | pool last | dense out=2 vocab=va").succeeded)
    let vectors = s.execute("transfer g -> c.embedding")
    try #require(vectors.succeeded, "\(vectors.output)")
    #expect(!vectors.output.contains("lstm.") && !vectors.output.contains("dense."))
    #expect(vectors.output.contains("not touched: lstm, dense (outside the target layer)"))
    #expect(vectors.output.contains("0 copied, 1 remapped, 0 skipped, 0 left at their initial values"))
    let model = s.execute("transfer a -> b.lstm plan")
    try #require(model.succeeded, "\(model.output)")
    let rows = model.output.split(separator: "\n").filter { $0.contains("[") }
    #expect(!rows.isEmpty && rows.allSatisfy { $0.hasPrefix("lstm.") })
    #expect(model.output.contains("not touched: embedding, dense (outside the target layer)"))
  }

  @Test func loadChecksThePluginsACheckpointRecords() throws {
    let s = try session()
    let path = NSTemporaryDirectory() + "transfer-plugins-\(ProcessInfo.processInfo.processIdentifier).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try #require(s.execute("save a to \(path)").succeeded)
    let header = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4096), as: UTF8.self)
    #expect(!header.contains("repl.plugins"), "built-in layers need no plugin record")
    let record = ["repl.plugins": "lstm\tfastlstm@2.1\t/opt/plugins/libfastlstm.so"]
    let bytes = Checkpoint.encode(try s.model("a"), registry: s.registry, extra: record)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let r = s.execute("load a2 from \(path)")
    #expect(r.status == .failed)
    #expect(r.error?.contains("checkpoint needs a plugin") == true && r.error?.contains("fastlstm@2.1") == true)
    #expect(r.output.split(separator: "\n").count == 1)
    #expect((try? s.object("a2")) == nil)
  }

  @Test func vectorsNeighborsAndSimilarity() throws {
    let s = try session()
    let glove = s.execute(
      "load g from \(TestPaths.data)/glove-twitter-25d-subset/glove.twitter.27B.25d.subset.txt format=vectors")
    try #require(glove.succeeded)
    let mismatch = s.execute("transfer g -> a.embedding")
    #expect(mismatch.error?.contains("'g' has 25-dimensional vectors, 'a.embedding' has dim=8") == true)
    #expect(s.execute("neighbors g good k=3").output.split(separator: "\n").count == 5)
    #expect(s.execute("neighbors g goood").error?.contains("nearest spelling: 'good'") == true)
    let similarity = s.execute("similarity amazon yelp")
    #expect(similarity.output.contains("proxy A-distance: "))
    #expect(s.execute("pretrain skipgram sg on amazon dim=8 epochs=1 min_count=2").succeeded)
    #expect(s.execute("neighbors sg phone k=2").succeeded)
  }
}
