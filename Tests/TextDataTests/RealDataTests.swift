import ReplTestSupport
import Testing

@testable import TextData

/// Every format loads the real copies in ../shared/data with the published counts.
@Suite(.enabled(if: TestConditions.hasData, "needs the data directory (REPL_DATA)"))
struct RealDataTests {
  let loader = DataLoader(baseDirectory: TestPaths.data)

  func datasets(_ path: String, _ options: LoadOptions = LoadOptions()) throws -> [String: Dataset] {
    var l = loader
    l.options = options
    guard case .datasets(let list) = try l.load(path) else { throw DataError("not datasets") }
    return Dictionary(uniqueKeysWithValues: list.map { ($0.suffix ?? "", $0.dataset) })
  }

  func perLabel(_ d: Dataset) -> [String: Int] {
    var counts: [String: Int] = [:]
    for e in d.examples { counts[e.label.map { d.labelNames[$0] } ?? "-", default: 0] += 1 }
    return counts
  }

  @Test func uciFilesHave500PerClass() throws {
    for name in ["imdb", "amazon_cells", "yelp"] {
      let path = "uci-sentiment-sentences/\(name)_labelled.txt"
      #expect(try loader.detect(path) == .uci)
      let d = try #require(try datasets(path)[""])
      #expect(d.labelNames == ["neg", "pos"])
      #expect(perLabel(d) == ["neg": 500, "pos": 500])
      #expect(!d.examples[0].text.hasSuffix(" "))
    }
  }

  @Test func uciAsPlainTSVKeepsNumericLabels() throws {
    let d = try #require(try datasets("uci-sentiment-sentences/yelp_labelled.txt", LoadOptions(format: .tsv))[""])
    #expect(d.labelNames == ["0", "1"])
    #expect(d.count == 1000)
  }

  @Test func blitzerDomainsHave1000PerClass() throws {
    let all = try datasets("blitzer-sorted_data_acl")
    #expect(Set(all.keys) == ["books", "dvd"])
    for (_, d) in all { #expect(perLabel(d) == ["neg": 1000, "pos": 1000]) }
    let books = try #require(try datasets("blitzer-sorted_data_acl/books")[""])
    #expect(books.count == 2000)
    #expect(!books.examples.contains { $0.text.contains("&quot;") || $0.text.contains("<review_text>") })
  }

  @Test func gloveSubsetIs11925By25() throws {
    #expect(try loader.detect("glove-twitter-25d-subset/glove.twitter.27B.25d.subset.txt") == .vectors)
    guard case .vectors(let v) = try loader.load("glove-twitter-25d-subset/glove.twitter.27B.25d.subset.txt") else {
      Issue.record("not vectors")
      return
    }
    #expect(v.words.count == 11925)
    #expect(v.dimension == 25)
    #expect(v.values.count == 11925 * 25)
    #expect(v.words[0] == "the")
    #expect(abs(v.values[0] - -0.010167) < 1e-6)
  }

  @Test func aclImdbSubsetCounts() throws {
    let all = try datasets("aclImdb-subset")
    #expect(Set(all.keys) == ["train", "test", "unsup"])
    #expect(perLabel(try #require(all["train"])) == ["neg": 2500, "pos": 2500])
    #expect(perLabel(try #require(all["test"])) == ["neg": 2500, "pos": 2500])
    #expect(try #require(all["unsup"]).count == 20000)
    #expect(!(all["train"]?.examples.contains { $0.text.contains("<br") } ?? true))
  }

  @Test func aclImdbSplitFolderWithLimit() throws {
    let split = try datasets("aclImdb-subset/test", LoadOptions(limit: 10))
    #expect(Set(split.keys) == [""])
    #expect(perLabel(try #require(split[""])) == ["neg": 10, "pos": 10])
  }
}
