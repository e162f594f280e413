import Foundation
import ReplEngine
import Testing
import TextData
import Training

/// `save NAME to FILE` for datasets, vocabularies and vectors, and `load` reading each back.
@Suite("Save every object")
struct SaveObjectTests {
  func session(in folder: String) throws -> Session {
    let s = Session(workingDirectory: folder)
    try execute(
      [
        "synth movies domain=movies n=300 seed=1", "split movies train=0.8 test=0.2 seed=1",
        "vocab v from movies.train,movies.test min_count=2 lowercase=no stopwords=english",
        "pretrain skipgram sg on movies dim=8 epochs=1 min_count=1",
      ], in: s)
    return s
  }

  func dataset(_ s: Session, _ name: String) throws -> Dataset {
    guard case .dataset(let d) = try s.object(name) else { throw ReplError("not a dataset") }
    return d
  }

  @Test func datasetsRoundTripAsTSV() throws {
    let folder = try PythonSupport.temporaryFolder("save-data")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let s = try session(in: folder)
    for part in ["movies.train", "movies.test"] {
      let r = s.execute("save \(part) to \(part).tsv")
      #expect(r.succeeded, "\(r.output)")
      #expect(s.execute("load back-\(part) from \(part).tsv").succeeded)
      let (a, b) = (try dataset(s, part), try dataset(s, "back-\(part)"))
      #expect(a.labelNames == b.labelNames)
      #expect(a.examples == b.examples)
    }
    let tabs = Dataset(
      examples: [Example(text: "a\tb\nc", label: 1), Example(text: "d", label: 0)], labelNames: ["neg", "pos"],
      source: "")
    #expect(tabs.tsv() == "label\ttext\npos\ta b c\nneg\td\n")
    let unlabeled = Dataset(examples: [Example(text: "x", label: nil)], labelNames: [], source: "")
    #expect(unlabeled.tsv() == "text\nx\n")
  }

  @Test func vocabulariesRoundTripWithCounts() throws {
    let folder = try PythonSupport.temporaryFolder("save-vocab")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let s = try session(in: folder)
    #expect(s.execute("save v to v.vocab").succeeded)
    #expect(s.execute("load v2 from v.vocab").succeeded)
    guard case .vocabulary(let v) = try s.object("v"), case .vocabulary(let v2) = try s.object("v2") else {
      Issue.record("not vocabularies")
      return
    }
    #expect(v.tokens == v2.tokens)
    #expect(v.settings == v2.settings)
    let lines = try String(contentsOfFile: folder + "/v.vocab", encoding: .utf8).split(separator: "\n")
    #expect(lines[0] == "#repl-vocabulary lowercase=no stopwords=english")
    let counter = try Vocabulary.count(
      [try dataset(s, "movies.train"), try dataset(s, "movies.test")], settings: v.settings)
    var known = 0
    for line in lines.dropFirst(3) {
      let parts = line.split(separator: "\t")
      let token = String(parts[0])
      let expected =
        Array(token.utf8).withUnsafeBufferPointer { counter.index(of: $0) }.map { counter.counts[$0] } ?? -1
      #expect(Int(parts[1]) == expected, "\(line)")
      known += expected
    }
    #expect(lines[2] == "<unk>\t\(counter.total - known)")
    #expect(known > 0 && counter.total > known)
  }

  @Test func vectorsRoundTripAsGloveAndWord2vec() throws {
    let folder = try PythonSupport.temporaryFolder("save-vectors")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let s = try session(in: folder)
    for (file, extra) in [("sg.txt", ""), ("sg.vec", ""), ("sg2.txt", " format=word2vec")] {
      #expect(s.execute("save sg to \(file)\(extra)").succeeded)
      #expect(s.execute("load back from \(file)").succeeded)
      guard case .vectors(let a) = try s.object("sg"), case .vectors(let b) = try s.object("back") else {
        Issue.record("not vectors")
        return
      }
      #expect(a.words == b.words)
      #expect(a.values == b.values, "\(file): values differ")
    }
    #expect(try String(contentsOfFile: folder + "/sg2.txt", encoding: .utf8).hasPrefix("130 8\n"))
  }

  @Test func wrongFilesAreOneLineErrorsThatWriteNothing() throws {
    let folder = try PythonSupport.temporaryFolder("save-errors")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let s = try session(in: folder)
    for (line, message) in [
      ("save movies to movies.txt", "datasets are saved as TSV files: save movies to movies.txt.tsv"),
      ("save v to v.txt", "save v to v.txt.vocab"), ("save sg to sg.txt format=bert", "format"),
    ] {
      let r = s.execute(line)
      #expect(r.status != .ok, "\(line)")
      if r.status == .failed { #expect(r.output.split(separator: "\n").count <= 1, "\(line): \(r.output)") }
      #expect((r.error ?? r.output).contains(message), "\(line): \(r.error ?? r.output)")
    }
    #expect(s.execute("drop movies.test").succeeded)
    #expect(s.execute("save v to v.vocab").error?.contains("which are not all in the session") == true)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
  }
}
