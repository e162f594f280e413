import Schema

extension DataLoader {
  /// The format of `path`, from the folder layout, the file extension, or the first lines.
  public func detect(_ path: String) throws(DataError) -> DataFormat {
    try requireExists(path)
    if isFolder(path) { return try detectFolder(path) }
    let lower = path.lowercased()
    for (ext, format) in DataLoader.extensions where lower.hasSuffix(ext) { return format }
    return try sniff(path)
  }

  static let extensions: [(String, DataFormat)] = [
    (".safetensors", .checkpoint), (".review", .blitzer), (".jsonl", .jsonl), (".ndjson", .jsonl),
    (".csv", .csv), (".tsv", .tsv), (".vectors", .vectors), (".vec", .vectors),
  ]

  /// aclImdb (a root with `train`/`test`, or a split with `pos`/`neg`/`unsup`), Blitzer (a domain
  /// folder of `*.review` files, or a root of domain folders) or a Hugging Face BERT folder
  /// (`config.json`, `model.safetensors`, `pytorch_model.bin` or `vocab.txt`).
  func detectFolder(_ path: String) throws(DataError) -> DataFormat {
    let names = entries(path)
    if names.contains(where: ["config.json", "model.safetensors", "pytorch_model.bin", "vocab.txt"].contains) {
      return .bert
    }
    let folders = names.filter { isFolder(path + "/" + $0) }
    if folders.contains(where: { ["pos", "neg", "unsup"].contains($0) }) { return .aclimdb }
    if folders.contains(where: { split in
      ["train", "test"].contains(split)
        && entries(path + "/" + split).contains { ["pos", "neg", "unsup"].contains($0) }
    }) {
      return .aclimdb
    }
    if names.contains(where: { $0.hasSuffix(".review") }) { return .blitzer }
    if folders.contains(where: { entries(path + "/" + $0).contains { $0.hasSuffix(".review") } }) { return .blitzer }
    let found =
      names.isEmpty
      ? "it is empty" : "found: " + names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
    throw DataError(
      "no recognised layout in this folder (expected aclImdb train|test/pos,neg,unsup/*.txt or Blitzer DOMAIN/positive.review,negative.review); \(found)",
      path: path)
  }

  /// Guesses a file's format from its first lines: JSON lines, Blitzer XML, UCI sentences, word
  /// vectors, TSV, CSV with a header, else plain text.
  func sniff(_ path: String) throws(DataError) -> DataFormat {
    let raw = ByteOrderMark.stripped(try TextBytes.readBytes(resolve(path), displayPath: path))
    guard raw.contains(where: { $0 > 32 }) else { throw DataError("empty file", path: path) }
    let head = raw.prefix(65536)
    let lines = head.split(separator: 10, omittingEmptySubsequences: true).prefix(20).map {
      String(decoding: $0, as: UTF8.self).trimmed
    }.filter { !$0.isEmpty }
    let complete = raw.count > head.count && lines.count > 1 ? Array(lines.dropLast()) : lines
    guard let first = complete.first else { return .text }
    if first.hasPrefix("{") { return .jsonl }
    if first.hasPrefix("<") && head.count > 0 && String(decoding: head, as: UTF8.self).contains("<review>") {
      return .blitzer
    }
    if complete.allSatisfy(DataLoader.isUCILine) { return .uci }
    if DataLoader.looksLikeVectors(complete) { return .vectors }
    let tabs = complete.map { $0.utf8.filter { $0 == 9 }.count }
    if let t = tabs.first, t > 0, tabs.allSatisfy({ $0 == t }) { return .tsv }
    let headerCells = first.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
    if headerCells.count >= 2 && headerCells.allSatisfy(DataLoader.looksLikeName) { return .csv }
    return .text
  }

  /// `sentence<TAB>0` or `sentence<TAB>1`.
  static func isUCILine(_ line: String) -> Bool {
    let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
    return parts.count == 2 && (parts[1].trimmed == "0" || parts[1].trimmed == "1")
  }

  /// After an optional word2vec `count dim` header, the first line and at least three in four of
  /// the others are a word followed by the same number (≥ 2) of numbers. A few broken rows (a
  /// truncated line, a missing number) still make it a vectors file, so that loading it names the
  /// bad line instead of reading the file as plain text.
  static func looksLikeVectors(_ lines: [String]) -> Bool {
    var rows = lines.map { $0.split(separator: " ") }
    if let first = rows.first, first.count == 2, Int(first[0]) != nil, Int(first[1]) != nil { rows.removeFirst() }
    guard let width = rows.first?.count, width >= 3 else { return false }
    let isVector = { (row: [Substring]) in row.count == width && row.dropFirst().allSatisfy { Double($0) != nil } }
    guard isVector(rows[0]) else { return false }
    return 4 * rows.filter(isVector).count >= 3 * rows.count
  }
}
