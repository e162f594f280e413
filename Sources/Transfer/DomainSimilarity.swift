import TensorCore
import TextData

#if canImport(Glibc)
  import Glibc
#endif

/// How alike two text domains are: vocabulary overlap and a proxy A-distance (Ben-David et al.;
/// Blitzer et al. 2007) from a bag-of-words classifier that tries to tell the domains apart.
public struct DomainSimilarity: Sendable, Equatable {
  /// Jaccard index of the two `topK` most frequent word sets.
  public var jaccard: Double
  /// The share of B's word occurrences whose word is among A's `topK` words.
  public var coverage: Double
  /// The held-out error of the domain classifier (0.5 = indistinguishable).
  public var classifierError: Double
  /// 2(1 − 2·error), clamped to [0, 2]: 0 for identical domains, 2 for disjoint ones.
  public var proxyADistance: Double
  /// The number of texts per domain the classifier used (train + test).
  public var perDomain: Int
  /// The vocabulary size compared.
  public var topK: Int

  /// Measures `a` against `b` with up to `limit` texts per domain, half for training a
  /// multinomial naive Bayes classifier and half for measuring its error.
  public init(_ a: Dataset, _ b: Dataset, topK: Int = 5000, limit: Int = 2000, seed: UInt64 = 1) throws(TransferError) {
    let tokenizer = Tokenizer(settings: TokenizerSettings())
    let ta = a.examples.map { tokenizer.tokenize($0.text) }
    let tb = b.examples.map { tokenizer.tokenize($0.text) }
    if ta.count < 4 || tb.count < 4 { throw TransferError("similarity needs at least 4 texts in each dataset") }
    let fa = Self.frequencies(ta)
    let fb = Self.frequencies(tb)
    let topA = Self.top(fa, topK)
    let topB = Self.top(fb, topK)
    jaccard = Double(topA.intersection(topB).count) / Double(max(topA.union(topB).count, 1))
    let totalB = fb.values.reduce(0, +)
    coverage = Double(fb.filter { topA.contains($0.key) }.values.reduce(0, +)) / Double(max(totalB, 1))
    perDomain = min(ta.count, tb.count, limit)
    self.topK = topK
    classifierError = Self.domainClassifierError(ta, tb, n: perDomain, seed: seed)
    proxyADistance = min(2, max(0, 2 * (1 - 2 * classifierError)))
  }

  /// A one-line reading of the proxy A-distance. It measures how easily the domains' wording tells
  /// them apart (often topic words), which bounds but does not decide how well sentiment transfers.
  public var interpretation: String {
    switch proxyADistance {
    case ..<0.5: return "hard to tell apart: transfer should work almost as well as in-domain"
    case ..<1.0: return "related domains: transfer should help, with some loss"
    case ..<1.6: return "distinct domains: expect a drop in zero-shot accuracy; a few target labels help"
    default: return "easily told apart by their wording: check zero-shot against a model fine-tuned on target labels"
    }
  }

  static func frequencies(_ texts: [[String]]) -> [String: Int] {
    var f: [String: Int] = [:]
    for t in texts { for w in t { f[w, default: 0] += 1 } }
    return f
  }

  static func top(_ f: [String: Int], _ k: Int) -> Set<String> {
    Set(f.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(k).map(\.key))
  }

  /// Trains naive Bayes on half of `n` shuffled texts per domain and returns its error on the rest.
  static func domainClassifierError(_ a: [[String]], _ b: [[String]], n: Int, seed: UInt64) -> Double {
    var rng = RNG(seed: seed)
    var ia = Array(a.indices)
    var ib = Array(b.indices)
    rng.shuffle(&ia)
    rng.shuffle(&ib)
    let half = n / 2
    var model = NaiveBayes()
    for i in ia.prefix(half) { model.add(a[i], label: 0) }
    for i in ib.prefix(half) { model.add(b[i], label: 1) }
    let v = model.vocabularySize
    var wrong = 0
    var total = 0
    for (texts, order, label) in [(a, ia, 0), (b, ib, 1)] {
      for i in order[half..<n] {
        if model.predict(texts[i], vocabularySize: v) != label { wrong += 1 }
        total += 1
      }
    }
    return Double(wrong) / Double(max(total, 1))
  }
}

/// A two-class multinomial naive Bayes over word counts with add-one smoothing.
struct NaiveBayes {
  private var counts: [[String: Int]] = [[:], [:]]
  private var totals = [0, 0]
  private var documents = [0, 0]

  mutating func add(_ words: [String], label: Int) {
    for w in words { counts[label][w, default: 0] += 1 }
    totals[label] += words.count
    documents[label] += 1
  }

  /// The number of distinct words seen in training, plus one for unseen words.
  var vocabularySize: Double { Double(Set(counts[0].keys).union(counts[1].keys).count + 1) }

  /// The more likely class of `words`, given `vocabularySize`.
  func predict(_ words: [String], vocabularySize: Double) -> Int {
    let scores = (0..<2).map { c in
      var s = log(Double(documents[c] + 1))
      let denominator = log(Double(totals[c]) + vocabularySize)
      for w in words { s += log(Double(counts[c][w] ?? 0) + 1) - denominator }
      return s
    }
    return scores[1] > scores[0] ? 1 : 0
  }
}
