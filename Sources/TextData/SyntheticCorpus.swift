import TensorCore

/// The offline teaching corpus: labeled review sentences from our own grammar and word lists.
///
/// Every domain shares one sentiment vocabulary (good/bad words, intensifiers, negation that flips
/// "not good"), and adds its own topics and set phrases. `shift` (0…1) is the chance that a sentence
/// uses domain-specific nouns and phrases instead of generic ones, so with `shift` < 1 the domains
/// share more wording and a model trained on one transfers better to another. Labels `neg`/`pos`
/// are balanced before `noise` flips that exact fraction of them. Same settings → same corpus.
public struct SyntheticCorpus: Sendable {
  public enum Domain: String, Sendable, CaseIterable {
    case movies, products, restaurants
  }

  public var domain: Domain
  public var noise: Double
  public var shift: Double

  public init(domain: Domain, noise: Double = 0.1, shift: Double = 1.0) {
    self.domain = domain
    self.noise = noise
    self.shift = shift
  }

  /// `n` sentences generated from `seed`; stops with `DataError.interrupted` when `cancellation` is
  /// raised (polled every 4,096 sentences).
  public func generate(n: Int, seed: UInt64, cancellation: CancellationToken? = nil) throws(DataError) -> Dataset {
    guard noise >= 0 && noise <= 1 else { throw DataError("noise= must be between 0 and 1, got \(noise)") }
    guard shift >= 0 && shift <= 1 else { throw DataError("shift= must be between 0 and 1, got \(shift)") }
    guard n >= 1 else { throw DataError("n= must be at least 1") }
    var rng = RNG(seed: seed)
    var labels: [Int] = []
    labels.reserveCapacity(n)
    for i in 0..<n {
      if i & 0xFFFF == 0, cancellation?.isCancelled == true { throw DataError.interrupted }
      labels.append(i % 2)
    }
    rng.shuffle(&labels, cancellation: cancellation)
    var examples: [Example] = []
    examples.reserveCapacity(n)
    for label in labels {
      if examples.count % 4096 == 0, cancellation?.isCancelled == true { throw DataError.interrupted }
      examples.append(Example(text: sentence(positive: label == 1, &rng), label: label))
    }
    var order = Array(0..<n)
    rng.shuffle(&order, cancellation: cancellation)
    if cancellation?.isCancelled == true { throw DataError.interrupted }
    for i in order.prefix(Int((noise * Double(n)).rounded())) {
      examples[i].label = 1 - (examples[i].label ?? 0)
    }
    return Dataset(
      examples: examples, labelNames: ["neg", "pos"],
      source:
        "synth domain=\(domain.rawValue) n=\(n) seed=\(seed) noise=\(Dataset.shortNumber(noise)) shift=\(Dataset.shortNumber(shift))"
    )
  }

  /// One sentence of the given polarity.
  func sentence(positive: Bool, _ rng: inout RNG) -> String {
    let lexicon = SyntheticLexicon.domain(domain)
    let specific = Double(rng.uniform()) < shift
    let nouns = specific ? lexicon.nouns : SyntheticLexicon.genericNouns
    func pick(_ words: [String]) -> String { words[rng.below(words.count)] }
    func adjective(_ good: Bool) -> String {
      let base = good ? SyntheticLexicon.good : SyntheticLexicon.bad
      let extra = specific ? (good ? lexicon.good : lexicon.bad) : []
      return pick(base + extra)
    }
    func quality(_ good: Bool) -> String {
      switch rng.below(3) {
      case 0: return "not " + adjective(!good)
      case 1: return pick(SyntheticLexicon.intensifiers) + " " + adjective(good)
      default: return adjective(good)
      }
    }
    var body: String
    switch rng.below(specific ? 6 : 5) {
    case 0: body = "the \(pick(nouns)) was \(quality(positive))"
    case 1: body = "\(pick(nouns)) \(pick(["felt", "seemed", "was"])) \(quality(positive)) and \(quality(positive))"
    case 2: body = "\(pick(positive ? SyntheticLexicon.likes : SyntheticLexicon.dislikes)) the \(pick(nouns))"
    case 3:
      let first = rng.below(nouns.count)
      let second = (first + 1 + rng.below(nouns.count - 1)) % nouns.count
      body = "the \(nouns[first]) was \(quality(!positive)), but the \(nouns[second]) was \(quality(positive))"
    case 4:
      let item = pick(specific ? lexicon.items : SyntheticLexicon.genericItems)
      body = "\(pick(SyntheticLexicon.verdictOpeners)) \(quality(positive)) \(item)"
    default: body = pick(positive ? lexicon.goodPhrases : lexicon.badPhrases)
    }
    if rng.below(4) == 0 { body = pick(SyntheticLexicon.openers) + ", " + body }
    let end = rng.below(5) == 0 ? "!" : "."
    return body.prefix(1).uppercased() + body.dropFirst() + end
  }
}

/// The word lists of the synthetic corpus (written for this project).
enum SyntheticLexicon {
  static let good = [
    "good", "great", "excellent", "wonderful", "delightful", "superb", "lovely", "pleasant", "fantastic",
    "solid", "charming", "impressive", "enjoyable", "brilliant",
  ]
  static let bad = [
    "bad", "awful", "terrible", "poor", "dreadful", "disappointing", "weak", "boring", "mediocre",
    "annoying", "sloppy", "unpleasant", "dull", "lousy",
  ]
  static let intensifiers = ["very", "really", "truly", "quite", "extremely", "remarkably", "so"]
  static let likes = ["i loved", "i really liked", "we enjoyed", "i would recommend", "i was happy with"]
  static let dislikes = ["i hated", "i really disliked", "we regretted", "i would not recommend", "i was unhappy with"]
  static let verdictOpeners = ["all in all a", "overall a", "simply a", "in short a"]
  static let openers = ["honestly", "overall", "to be fair", "in the end", "frankly"]
  static let genericItems = ["choice", "experience", "buy", "one"]
  static let genericNouns = ["experience", "whole thing", "price", "result", "quality", "first impression"]

  /// Topic words and set phrases of one domain.
  struct Domain {
    let nouns: [String]
    let items: [String]
    let good: [String]
    let bad: [String]
    let goodPhrases: [String]
    let badPhrases: [String]
  }

  static func domain(_ d: SyntheticCorpus.Domain) -> Domain {
    switch d {
    case .movies: return movies
    case .products: return products
    case .restaurants: return restaurants
    }
  }

  static let movies = Domain(
    nouns: [
      "plot", "acting", "script", "soundtrack", "cast", "ending", "director", "pacing", "dialogue", "camera work",
    ],
    items: ["film", "movie", "thriller", "comedy", "sequel"],
    good: ["gripping", "moving", "witty", "suspenseful"],
    bad: ["predictable", "clumsy", "overlong", "wooden"],
    goodPhrases: [
      "the story kept me on the edge of my seat", "the lead actor gives a moving performance",
      "i laughed from start to finish", "the final scene stayed with me for days",
    ],
    badPhrases: [
      "i fell asleep halfway through", "the plot made no sense at all", "two hours of my life wasted",
      "the jokes never land",
    ])

  static let products = Domain(
    nouns: ["battery", "screen", "charger", "case", "headset", "build", "cable", "buttons", "sound", "manual"],
    items: ["phone", "gadget", "purchase", "device", "product"],
    good: ["sturdy", "reliable", "handy", "sleek"],
    bad: ["flimsy", "faulty", "cheap", "useless"],
    goodPhrases: [
      "it works exactly as advertised", "worth every penny", "the battery lasts all day",
      "it arrived quickly and works fine",
    ],
    badPhrases: [
      "it stopped working after a week", "it broke within two days", "i returned it for a refund",
      "the charger does not fit",
    ])

  static let restaurants = Domain(
    nouns: ["food", "service", "waiter", "pasta", "dessert", "menu", "atmosphere", "portions", "staff", "coffee"],
    items: ["place", "restaurant", "meal", "dinner", "spot"],
    good: ["tasty", "fresh", "friendly", "cozy"],
    bad: ["bland", "greasy", "rude", "stale"],
    goodPhrases: [
      "we will definitely come back", "the steak was cooked to perfection", "the staff made us feel welcome",
      "best brunch in town",
    ],
    badPhrases: [
      "we waited an hour for our table", "the soup arrived cold", "overpriced for such small plates",
      "the waiter ignored us all evening",
    ])
}
