import Schema

extension DataLoader {
  /// The Blitzer multi-domain layout: a `*.review` file (pseudo-XML, with or without a root
  /// element), a domain folder (`positive.review` + `negative.review` → labels `pos`/`neg`, and
  /// `unlabeled.review` → `NAME.unlabeled`), or a root of domain folders (→ `NAME.DOMAIN`).
  func loadBlitzer(_ path: String) throws(DataError) -> [LoadedDataset] {
    guard isFolder(path) else {
      let label = DataLoader.blitzerLabel(path)
      let texts = try loadReviewElements(path)
      guard let label else {
        return [
          LoadedDataset(
            suffix: nil,
            dataset: Dataset(
              examples: texts.map { Example(text: $0, label: nil) }, labelNames: [], source: "blitzer \(path)"))
        ]
      }
      throw DataError(
        "every review in this file is '\(label)'; labeled data needs at least two classes (load the domain folder for both polarities)",
        path: path)
    }
    let names = entries(path)
    if names.contains(where: { $0.hasSuffix(".review") }) { return try loadBlitzerDomain(path, suffix: nil) }
    var result: [LoadedDataset] = []
    for domain in names
    where isFolder(path + "/" + domain) && entries(path + "/" + domain).contains(where: { $0.hasSuffix(".review") }) {
      result += try loadBlitzerDomain(path + "/" + domain, suffix: domain)
    }
    guard !result.isEmpty else { throw DataError("no *.review files here or in its subfolders", path: path) }
    return result
  }

  private func loadBlitzerDomain(_ path: String, suffix: String?) throws(DataError) -> [LoadedDataset] {
    var texts: [String] = []
    var labels: [String] = []
    var result: [LoadedDataset] = []
    for name in entries(path) where name.hasSuffix(".review") {
      let file = path + "/" + name
      let loaded = try loadReviewElements(file)
      if let label = DataLoader.blitzerLabel(file) {
        texts += loaded
        labels += Array(repeating: label, count: loaded.count)
      } else {
        let stem = String(name.dropLast(".review".count))
        let dataset = Dataset(
          examples: loaded.map { Example(text: $0, label: nil) }, labelNames: [], source: "blitzer \(file)")
        result.append(LoadedDataset(suffix: suffix.map { "\($0).\(stem)" } ?? stem, dataset: dataset))
      }
    }
    if !texts.isEmpty {
      let dataset = try LabelSet.dataset(texts: texts, labels: labels, source: "blitzer \(path)", path: path)
      result.insert(LoadedDataset(suffix: suffix, dataset: dataset), at: 0)
    }
    return result
  }

  /// `pos` for `positive.review`, `neg` for `negative.review`, nil otherwise.
  static func blitzerLabel(_ path: String) -> String? {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    if name.hasPrefix("positive") { return "pos" }
    if name.hasPrefix("negative") { return "neg" }
    return nil
  }

  /// The `<review_text>` of every `<review>` element, trimmed, entities decoded (at most `limit`).
  func loadReviewElements(_ path: String) throws(DataError) -> [String] {
    let file = try read(path)
    var texts: [String] = []
    let limit = options.limit ?? Int.max
    try file.bytes.withUnsafeBufferPointer { (b) throws(DataError) in
      var i = 0
      while texts.count < limit, let open = DataLoader.find(DataLoader.reviewOpen, in: b, from: i) {
        if texts.count % 256 == 0, options.cancellation?.isCancelled == true { throw DataError.interrupted }
        guard let close = DataLoader.find(DataLoader.reviewClose, in: b, from: open) else {
          throw DataError("<review> is never closed", path: path, line: file.line(of: open))
        }
        guard let textOpen = DataLoader.find(DataLoader.textOpen, in: b, from: open), textOpen < close,
          let textClose = DataLoader.find(DataLoader.textClose, in: b, from: textOpen), textClose < close
        else {
          throw DataError("<review> without <review_text>…</review_text>", path: path, line: file.line(of: open))
        }
        let text = file.string((textOpen + DataLoader.textOpen.count)..<textClose)
        texts.append(HTMLText.decodeEntities(text).trimmed)
        i = close + DataLoader.reviewClose.count
      }
    }
    guard !texts.isEmpty else { throw DataError("no <review> elements", path: path) }
    return texts
  }

  static let reviewOpen = Array("<review>".utf8)
  static let reviewClose = Array("</review>".utf8)
  static let textOpen = Array("<review_text>".utf8)
  static let textClose = Array("</review_text>".utf8)

  /// The offset of `needle` in `haystack` at or after `start`.
  static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    var i = start
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first {
        var k = 1
        while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
        if k == needle.count { return i }
      }
      i += 1
    }
    return nil
  }
}
