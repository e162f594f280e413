/// Turns raw label strings into `Dataset.labelNames` and indices.
///
/// Order: when every label is a number the names are in numeric order (`0 < 1 < 10`), otherwise in
/// byte order of their spelling (`neg < pos`, `negative < neutral < positive`), so the same data
/// always gives the same class indices.
public enum LabelSet {
  /// The sorted distinct names of `raw`.
  public static func names(_ raw: some Sequence<String>) -> [String] {
    let distinct = Array(Set(raw))
    let numbers = distinct.map { Double($0).flatMap { $0.isFinite ? $0 : nil } }
    if !distinct.isEmpty, numbers.allSatisfy({ $0 != nil }) {
      return zip(distinct, numbers).sorted { ($0.1 ?? 0, $0.0) < ($1.1 ?? 0, $1.0) }.map(\.0)
    }
    return distinct.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// A labeled dataset from texts and raw labels; fewer than two classes is an error at `path`.
  public static func dataset(texts: [String], labels: [String], source: String, path: String) throws(DataError)
    -> Dataset
  {
    let names = names(labels)
    guard names.count >= 2 else {
      let only = names.first.map { " '\($0)'" } ?? ""
      throw DataError(
        "only one label class\(only); labeled data needs at least two (choose another column with label=)",
        path: path)
    }
    var index: [String: Int] = [:]
    for (i, name) in names.enumerated() { index[name] = i }
    let examples = zip(texts, labels).map { Example(text: $0, label: index[$1]) }
    return Dataset(examples: examples, labelNames: names, source: source)
  }
}
