import ReplTestSupport
import Testing

@testable import TextData

/// A UTF-8 byte-order mark at the start of a file is not part of its first line, in every format.
@Suite struct ByteOrderMarkTests {
  let folder = TestPaths.temporaryFolder()
  let bom = ByteOrderMark.utf8

  func write(_ text: String, _ name: String) {
    TestPaths.write(bom + Array(text.utf8), folder, name)
  }

  func dataset(_ name: String, _ options: LoadOptions = LoadOptions()) throws -> Dataset {
    guard case .datasets(let list) = try DataLoader(baseDirectory: folder, options: options).load(name),
      let first = list.first
    else { throw DataError("none") }
    return first.dataset
  }

  @Test func csvHeaderAfterAMarkIsTheHeader() throws {
    write("label,text\npos,good film\nneg,bad film\npos,fine\n", "x.csv")
    let d = try dataset("x.csv")
    #expect(d.count == 3)
    #expect(d.labelNames == ["neg", "pos"])
    #expect(d.examples.map(\.text) == ["good film", "bad film", "fine"])
  }

  @Test func csvWithoutAnExtensionIsStillDetectedAsCSV() throws {
    write("label,text\npos,good film\nneg,bad film\n", "x.data")
    #expect(try DataLoader(baseDirectory: folder).detect("x.data") == .csv)
    #expect(try dataset("x.data").labelNames == ["neg", "pos"])
  }

  @Test func tsvJsonLinesAndPlainText() throws {
    write("label\ttext\npos\tgood\nneg\tbad\n", "t.tsv")
    #expect(try dataset("t.tsv").labelNames == ["neg", "pos"])
    write("{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0}\n", "j.data")
    #expect(try DataLoader(baseDirectory: folder).detect("j.data") == .jsonl)
    #expect(try dataset("j.data").examples.map(\.text) == ["a", "b"])
    write("first doc\nsecond doc\n", "n.txt")
    #expect(try dataset("n.txt", LoadOptions(format: .text)).examples.map(\.text) == ["first doc", "second doc"])
  }

  @Test func uciSentencesAndBlitzerReviews() throws {
    write("a good film\t1\na bad film\t0\n", "u.txt")
    #expect(try DataLoader(baseDirectory: folder).detect("u.txt") == .uci)
    #expect(try dataset("u.txt").examples.map(\.text) == ["a good film", "a bad film"])
    let review = { (text: String) in
      "<review>\n<rating>\n5.0\n</rating>\n<review_text>\n\(text)\n</review_text>\n</review>\n"
    }
    write(review("Nice"), "k/positive.review")
    write(review("Awful"), "k/negative.review")
    #expect(try dataset("k").examples.map(\.text) == ["Awful", "Nice"])
  }

  @Test func wordVectorsFirstWordHasNoMark() throws {
    write("the 0.1 0.2 0.3\nof 1 2 3\n", "v.vec")
    guard case .vectors(let v) = try DataLoader(baseDirectory: folder).load("v.vec") else { throw DataError("none") }
    #expect(v.words == ["the", "of"])
  }

  @Test func markIsOnlyStrippedAtTheStart() {
    #expect(ByteOrderMark.stripped(bom + [65]) == [65])
    #expect(ByteOrderMark.stripped([65] + bom) == [65] + bom)
    #expect(ByteOrderMark.stripped([0xEF, 0xBB]) == [0xEF, 0xBB])
  }
}
