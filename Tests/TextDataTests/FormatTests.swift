import ReplTestSupport
import Testing

@testable import TextData

/// Small hand-made files in every format, including the quirks of each.
@Suite struct FormatTests {
  let folder = TestPaths.temporaryFolder()

  func load(_ name: String, _ options: LoadOptions = LoadOptions()) throws -> LoadResult {
    try DataLoader(baseDirectory: folder, options: options).load(name)
  }

  func dataset(_ name: String, _ options: LoadOptions = LoadOptions()) throws -> Dataset {
    guard case .datasets(let list) = try load(name, options), let first = list.first else { throw DataError("none") }
    return first.dataset
  }

  @Test func csvWithQuotingHeaderAndColumnsByName() throws {
    TestPaths.write(
      "id,review,stars\r\n1,\"Great, really \"\"great\"\"\",5\r\n2,\"two\nlines\",1\r\n3,meh,3\r\n", folder, "r.csv")
    let d = try dataset("r.csv", LoadOptions(labelColumn: "stars"))
    #expect(d.examples.map(\.text) == ["Great, really \"great\"", "two\nlines", "meh"])
    #expect(d.labelNames == ["1", "3", "5"])
    #expect(d.examples.map(\.label) == [2, 0, 1])
    let byIndex = try dataset("r.csv", LoadOptions(textColumn: "1", labelColumn: "2"))
    #expect(byIndex.count == 3)
  }

  @Test func headerlessCSVAndNumericLabelOrder() throws {
    TestPaths.write("a fine film,10\nawful,2\nok,9\n", folder, "n.csv")
    let d = try dataset("n.csv")
    #expect(d.count == 3)
    #expect(d.labelNames == ["2", "9", "10"])
  }

  @Test func tsvIsDetectedFromContentAndLimitApplies() throws {
    TestPaths.write("label\ttext\npos\tgood\nneg\tbad\npos\tfine\n", folder, "t.data")
    #expect(try DataLoader(baseDirectory: folder).detect("t.data") == .tsv)
    let d = try dataset("t.data", LoadOptions(limit: 2))
    #expect(d.examples.map(\.text) == ["good", "bad"])
  }

  @Test func jsonLinesWithEscapesAndChosenFields() throws {
    TestPaths.write(
      "{\"body\": \"caf\\u00e9 \\\"ok\\\"\", \"y\": 1, \"meta\": {\"a\": [1, 2]}}\n\n{\"body\": \"bad\", \"y\": 0}\n",
      folder, "d.jsonl")
    let d = try dataset("d.jsonl", LoadOptions(textColumn: "body", labelColumn: "y"))
    #expect(d.examples.map(\.text) == ["café \"ok\"", "bad"])
    #expect(d.labelNames == ["0", "1"])
    TestPaths.write("{\"text\": \"a\"}\n{\"txt\": \"b\"}\n", folder, "e.jsonl")
    #expect(
      throws: DataError("e.jsonl:2: no text field 'text' (did you mean 'txt'?); fields: txt (choose one with text=)")
    ) {
      try load("e.jsonl")
    }
    TestPaths.write("{\"text\": \"a\",}\n", folder, "bad.jsonl")
    #expect(throws: DataError.self) { try load("bad.jsonl") }
  }

  @Test func plainTextIsOneDocumentPerLine() throws {
    TestPaths.write("first doc\r\n\r\nsecond doc\r\n", folder, "notes.txt")
    let d = try dataset("notes.txt")
    #expect(d.examples.map(\.text) == ["first doc", "second doc"])
    #expect(d.labelNames.isEmpty)
  }

  @Test func blitzerWithoutRootAndWithEntities() throws {
    let review = { (text: String) in
      "<review>\n<rating>\n5.0\n</rating>\n<review_text>\n\(text)\n</review_text>\n</review>\n"
    }
    TestPaths.write(review("Loved it &quot;a lot&quot; &amp; more") + review("Fine"), folder, "kitchen/positive.review")
    TestPaths.write("<data>\n" + review("Broke &lt;fast&gt;") + "</data>\n", folder, "kitchen/negative.review")
    TestPaths.write(review("Who knows"), folder, "kitchen/unlabeled.review")
    guard case .datasets(let list) = try load("kitchen") else { throw DataError("none") }
    #expect(list.map(\.suffix) == [nil, "unlabeled"])
    let d = list[0].dataset
    #expect(d.examples.map(\.text) == ["Broke <fast>", "Loved it \"a lot\" & more", "Fine"])
    #expect(d.labelNames == ["neg", "pos"])
  }

  @Test func aclImdbSplitFolderAndBreaks() throws {
    TestPaths.write("Good.<br /><br />Very good.", folder, "s/pos/10_9.txt")
    TestPaths.write("Second", folder, "s/pos/2_8.txt")
    TestPaths.write("Bad.<br />Awful.", folder, "s/neg/5_1.txt")
    TestPaths.write("Unknown", folder, "s/unsup/7_0.txt")
    guard case .datasets(let list) = try load("s") else { throw DataError("none") }
    #expect(list.map(\.suffix) == [nil, "unsup"])
    #expect(list[0].dataset.examples.map(\.text) == ["Bad. Awful.", "Second", "Good.  Very good."])
    #expect(list[0].dataset.examples.map(\.label) == [0, 1, 1])
  }

  @Test func word2vecHeaderAndFormatOverride() throws {
    TestPaths.write("2 3\nthe 0.1 0.2 0.3\nof -1 2e-1 3\n", folder, "w2v.txt")
    #expect(try DataLoader(baseDirectory: folder).detect("w2v.txt") == .vectors)
    guard case .vectors(let v) = try load("w2v.txt") else { throw DataError("none") }
    #expect(v.words == ["the", "of"])
    #expect(v.values == [0.1, 0.2, 0.3, -1, 0.2, 3])
    TestPaths.write("a 1 2\nb 3 4\n", folder, "plain.data")
    guard case .vectors(let w) = try load("plain.data", LoadOptions(format: .vectors)) else { throw DataError("none") }
    #expect(w.dimension == 2)
  }

  /// A `.txt` vectors file with a broken row among its first lines is still read as vectors, so the
  /// error names the row; text that merely starts with numbers is not taken for vectors.
  @Test func aBrokenRowInAVectorsFileIsNamed() throws {
    TestPaths.write("the 0.1 0.2\nof 0.3 0.4\nand 0.5\nto 0.7 0.8\n", folder, "glove.txt")
    #expect(try DataLoader(baseDirectory: folder).detect("glove.txt") == .vectors)
    let error = #expect(throws: DataError.self) { try load("glove.txt") }
    #expect(error?.message.contains("glove.txt:3: vector has 1 number, expected 2") == true)
    TestPaths.write("top 10 films\nthe best one ever\nan awful plot\nso so\n", folder, "notes.txt")
    #expect(try DataLoader(baseDirectory: folder).detect("notes.txt") == .text)
  }

  @Test func checkpointIsRecognisedByExtension() throws {
    TestPaths.write("x", folder, "m.safetensors")
    guard case .checkpoint = try load("m.safetensors") else {
      Issue.record("not a checkpoint")
      return
    }
  }
}
