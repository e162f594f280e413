/// Stopword lists for `vocab … stopwords=english`.
public enum StopWords {
  /// Our English list: articles, pronouns, auxiliaries, prepositions, conjunctions and negations.
  /// It deliberately includes `not`, `no`, `nor` and `n't` the way common lists do, which is why
  /// `help vocab` warns that it flips the sentiment of "not good".
  public static let english: [String] = """
    a about above after again against all am an and any are as at be because been before being below \
    between both but by could did do does doing down during each few for from further had has have \
    having he her here hers herself him himself his how i if in into is it its itself just me more \
    most my myself no nor not n't of off on once only or other our ours ourselves out over own same \
    she should so some such than that the their theirs them themselves then there these they this \
    those through to too under until up very was we were what when where which while who whom why \
    will with would you your yours yourself yourselves 's 're 've 'll 'd 'm
    """.split(separator: " ").map(String.init)

  /// The list as byte strings, for the tokenizer's filter.
  static let englishBytes: Set<[UInt8]> = Set(english.map { Array($0.utf8) })
}
