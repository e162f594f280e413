/// One file of a catalogue dataset and its SHA-256.
public struct CatalogueFile: Sendable {
  /// The path inside the dataset's folder.
  public let path: String
  public let sha256: String
}

/// A public dataset the `datasets`/`fetch`/`load NAME` commands know about.
public struct CatalogueEntry: Sendable {
  /// Which copy the recorded checksums describe.
  public enum Checksums: String, Sendable {
    /// The files as the original distribution ships them (our copy is the real file).
    case original
    /// The project's mirror layout in ../shared/data (a subset or a re-wrapped copy), not the
    /// original archive; a download of the canonical archive is checked by counts only.
    case mirror
    /// None recorded (too many files); checked by counts only.
    case none
  }

  /// The catalogue name (`fetch NAME`, `load NAME`).
  public let name: String
  public let title: String
  /// The canonical download (an archive) of the original distribution.
  public let url: String
  /// The archive's folder that becomes `folder` after unpacking (`.`: the archive has no folder).
  public let archiveRoot: String
  public let citation: String
  public let licence: String
  /// The folder in the data directory (and under the mirror's base URL).
  public let folder: String
  /// Files verified after a fetch, with their SHA-256.
  public let files: [CatalogueFile]
  public let checksums: Checksums
  /// What `load NAME` loads: (suffix or nil, path inside `folder`).
  public let loads: [(suffix: String?, path: String)]
  /// Expected examples (or vectors) per loaded object, by name suffix ("" for NAME itself), for the
  /// copy the checksums describe.
  public let counts: [(String, Int)]
  /// Counts of the full original distribution, when they differ from `counts`.
  public let originalCounts: String
}

/// The built-in catalogue. Checksums were computed from the copies in ../shared/data; `checksums`
/// says whether those copies are the original files or the project's mirror layout.
public enum Catalogue {
  public static let entries: [CatalogueEntry] = [uci, aclImdb, blitzer, glove]

  /// The entry called `name`, if any.
  public static func entry(_ name: String) -> CatalogueEntry? { entries.first { $0.name == name } }

  static let uci = CatalogueEntry(
    name: "uci-sentiment", title: "UCI Sentiment Labelled Sentences (imdb, amazon, yelp)",
    url: "https://archive.ics.uci.edu/ml/machine-learning-databases/00331/sentiment%20labelled%20sentences.zip",
    archiveRoot: "sentiment labelled sentences",
    citation: "Kotzias, Denil, de Freitas & Smyth, From Group to Individual Labels using Deep Features, KDD 2015",
    licence: "CC BY 4.0", folder: "uci-sentiment-sentences",
    files: [
      CatalogueFile(
        path: "amazon_cells_labelled.txt", sha256: "47003fc0a0d4840b00e96e715b6189bad09e7443a3da41c4cbe12ffc79f86ae3"),
      CatalogueFile(
        path: "imdb_labelled.txt", sha256: "aef2e49e3da25714d61175e3a6e68eeef74a20a2f914318dc3be9947ea86512d"),
      CatalogueFile(
        path: "yelp_labelled.txt", sha256: "c76468b7b5c6e56a0804d728345c5f84aa2142ddb214420f61cc9cfd4c00d2ea"),
      CatalogueFile(path: "readme.txt", sha256: "4c7fbf772d228118198760335a496ca1158f03a48584dc8cf6f3abc0f7455048"),
    ],
    checksums: .original,
    loads: [("imdb", "imdb_labelled.txt"), ("amazon", "amazon_cells_labelled.txt"), ("yelp", "yelp_labelled.txt")],
    counts: [("imdb", 1000), ("amazon", 1000), ("yelp", 1000)], originalCounts: "")

  static let aclImdb = CatalogueEntry(
    name: "aclimdb", title: "Large Movie Review Dataset v1.0 (seeded subset in the mirror)",
    url: "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz", archiveRoot: "aclImdb",
    citation: "Maas, Daly, Pham, Huang, Ng & Potts, Learning Word Vectors for Sentiment Analysis, ACL 2011",
    licence: "cite Maas et al. 2011 (see its README)", folder: "aclImdb-subset",
    files: [], checksums: .none, loads: [(nil, ".")],
    counts: [("train", 5000), ("test", 5000), ("unsup", 20000)],
    originalCounts: "train 25000, test 25000, unsup 50000")

  static let blitzer = CatalogueEntry(
    name: "blitzer", title: "Multi-Domain Sentiment Dataset, sorted_data_acl (books, dvd in the mirror)",
    url: "https://www.cs.jhu.edu/~mdredze/datasets/sentiment/domain_sentiment_data.tar.gz",
    archiveRoot: "sorted_data_acl",
    citation: "Blitzer, Dredze & Pereira, Biographies, Bollywood, Boom-boxes and Blenders, ACL 2007",
    licence: "cite Blitzer et al. 2007", folder: "blitzer-sorted_data_acl",
    files: [
      CatalogueFile(
        path: "books/negative.review", sha256: "562c58de7f739c9af2d62377ea2253ff73e89f69c84a332088f341cdb0e09660"),
      CatalogueFile(
        path: "books/positive.review", sha256: "24323836c9ce9601ac43b7ab45fff1ac9b82efda02f1269bf3e8cdc4b019a99a"),
      CatalogueFile(
        path: "dvd/negative.review", sha256: "de1b539d29dc7edfbabf0ca4b1bce4e296d486533f3730012e4b49e36e762fa3"),
      CatalogueFile(
        path: "dvd/positive.review", sha256: "fcf5207f79aa8af4910b5793c15fe90f25eb39501f9f4bdbd8f60a817224e28d"),
    ],
    checksums: .mirror, loads: [(nil, ".")], counts: [("books", 2000), ("dvd", 2000)],
    originalCounts: "books, dvd, electronics, kitchen: 1000 pos + 1000 neg each")

  static let glove = CatalogueEntry(
    name: "glove-twitter-25d", title: "GloVe Twitter vectors, 25 dimensions (11,925 most common words in the mirror)",
    url: "https://nlp.stanford.edu/data/glove.twitter.27B.zip", archiveRoot: ".",
    citation: "Pennington, Socher & Manning, GloVe: Global Vectors for Word Representation, EMNLP 2014",
    licence: "PDDL 1.0", folder: "glove-twitter-25d-subset",
    files: [
      CatalogueFile(
        path: "glove.twitter.27B.25d.subset.txt",
        sha256: "601d34d862028a92fd639ae81f4b68fb4242719f55639b2a75dd9e47efe636c8")
    ],
    checksums: .mirror, loads: [(nil, "glove.twitter.27B.25d.subset.txt")], counts: [("", 11925)],
    originalCounts: "1,193,514 words (glove.twitter.27B.25d.txt)")
}
