import ReplTestSupport
import Testing

@testable import TextData

/// Bad files, generated in a temporary folder: each gives one line that names the place.
@Suite struct BadInputTests {
  let folder = TestPaths.temporaryFolder()

  func load(_ name: String, _ options: LoadOptions = LoadOptions()) throws -> [LoadedDataset] {
    guard case .datasets(let list) = try DataLoader(baseDirectory: folder, options: options).load(name) else {
      throw DataError("not datasets")
    }
    return list
  }

  /// The message of the DataError thrown by `work`, or nil.
  func message(_ work: () throws -> Void) -> String? {
    do {
      try work()
      return nil
    } catch let error as DataError {
      #expect(!error.message.contains("\n"))
      return error.message
    } catch {
      return "\(error)"
    }
  }

  @Test func missingFileSuggestsASimilarName() {
    TestPaths.write("a\t1\nb\t0\n", folder, "reviews.tsv")
    let m = message { _ = try load("reveiws.tsv") }
    #expect(m == "reveiws.tsv: no such file or folder (did you mean 'reviews.tsv'?)")
    let nested = message { _ = try load("sub/none.txt") }
    #expect(nested?.hasPrefix("sub/none.txt: no such file or folder") == true)
  }

  @Test func folderWithoutLayout() {
    TestPaths.write("x", folder, "stuff/notes.md")
    let m = message { _ = try load("stuff") }
    #expect(m?.hasPrefix("stuff: no recognised layout") == true)
    #expect(m?.contains("notes.md") == true)
  }

  @Test func emptyFileAndHeaderOnly() {
    TestPaths.write("", folder, "empty.csv")
    #expect(message { _ = try load("empty.csv") } == "empty.csv: empty file (no rows)")
    TestPaths.write("\n\n", folder, "blank.txt")
    #expect(message { _ = try load("blank.txt") } == "blank.txt: empty file")
    TestPaths.write("text,label\n", folder, "header.csv")
    #expect(message { _ = try load("header.csv") } == "header.csv: header row only, no examples")
  }

  @Test func raggedRowsNameTheLine() {
    TestPaths.write("text,label\ngood,pos\nbad,neg,extra\n", folder, "ragged.csv")
    #expect(message { _ = try load("ragged.csv") } == "ragged.csv:3: row has 3 fields, expected 2 as in line 1")
    TestPaths.write("\"open quote,pos\nmore\n", folder, "quote.csv")
    #expect(message { _ = try load("quote.csv") } == "quote.csv:1: quoted field is never closed")
  }

  @Test func missingLabelColumnSuggestsNames() {
    TestPaths.write("text,sentimnt\ngood,pos\nbad,neg\n", folder, "cols.csv")
    let m = message { _ = try load("cols.csv", LoadOptions(labelColumn: "sentiment")) }
    #expect(m == "cols.csv: no label column 'sentiment' (did you mean 'sentimnt'?); columns: text, sentimnt")
    TestPaths.write("id,text,source\n1,good,a\n2,bad,b\n", folder, "three.csv")
    #expect(message { _ = try load("three.csv") }?.contains("columns: id, text, source") == true)
  }

  @Test func singleLabelClass() {
    TestPaths.write("good\tpos\nfine\tpos\n", folder, "one.tsv")
    #expect(message { _ = try load("one.tsv") }?.hasPrefix("one.tsv: only one label class 'pos'") == true)
  }

  @Test func invalidUTF8NamesTheLineUnlessReplaced() throws {
    TestPaths.write(Array("good\t1\nbad\t0\n".utf8) + [0x62, 0xFF, 0x64, 9, 0x30, 10], folder, "latin.txt")
    #expect(
      message { _ = try load("latin.txt") }
        == "latin.txt:3: invalid UTF-8 byte 0xFF (use encoding=replace to substitute U+FFFD)")
    let d = try load("latin.txt", LoadOptions(replaceInvalid: true))[0].dataset
    #expect(d.examples[2].text == "b\u{FFFD}d")
    #expect(d.labelNames == ["neg", "pos"])
  }

  @Test func zeroByteReviewFileInAclImdb() {
    TestPaths.write("fine movie", folder, "acl/train/pos/1_9.txt")
    TestPaths.write("bad movie", folder, "acl/train/neg/2_1.txt")
    TestPaths.write("", folder, "acl/train/neg/3_2.txt")
    #expect(message { _ = try load("acl") } == "acl/train/neg/3_2.txt: empty review file (0 bytes)")
  }

  @Test func fiftyMegabyteSingleLineLoadsInLinearTime() throws {
    let big = Array(String(repeating: "word ", count: 10_000_000).utf8)
    TestPaths.write(big + [10], folder, "big.txt")
    let d = try load("big.txt")[0].dataset
    #expect(d.count == 1)
    #expect(d.examples[0].text.utf8.count == big.count - 1)
    TestPaths.write(big + Array("\t1\nshort\t0\n".utf8), folder, "big.tsv")
    let labeled = try load("big.tsv")[0].dataset
    #expect(labeled.count == 2)
  }

  @Test func raggedVectorsNameTheLine() {
    TestPaths.write("the 0.1 0.2 0.3\nof 0.4 0.5\n", folder, "v.vectors")
    #expect(message { _ = try load("v.vectors") } == "v.vectors:2: vector has 2 numbers, expected 3")
  }

  @Test func blitzerReviewWithoutText() {
    TestPaths.write("<review>\n<title>x</title>\n</review>\n", folder, "dom/positive.review")
    TestPaths.write("<review><review_text>bad</review_text></review>", folder, "dom/negative.review")
    #expect(message { _ = try load("dom") } == "dom/positive.review:1: <review> without <review_text>…</review_text>")
  }
}
