import Schema

extension DataLoader {
  /// The aclImdb layout. A root (`train/`, `test/`) gives `train`, `test` and `unsup`; a split folder
  /// (`pos/`, `neg/`, `unsup/`) gives the labeled examples and `unsup`. Files are read in order of
  /// their numeric id; `<br />` becomes a blank; labels are `neg` and `pos`.
  func loadAclImdb(_ path: String) throws(DataError) -> [LoadedDataset] {
    let names = entries(path)
    if names.contains(where: { ["pos", "neg", "unsup"].contains($0) }) {
      return try loadAclSplit(path, suffix: nil)
    }
    var result: [LoadedDataset] = []
    for split in ["train", "test"] where names.contains(split) && isFolder(path + "/" + split) {
      result += try loadAclSplit(path + "/" + split, suffix: split)
    }
    guard !result.isEmpty else {
      throw DataError(
        "not an aclImdb folder: expected train/ and test/ with pos/, neg/ (and unsup/) inside", path: path)
    }
    return result
  }

  /// One split folder: labeled pos+neg as `suffix`, and `unsup` (from `train`) as `unsup`.
  private func loadAclSplit(_ path: String, suffix: String?) throws(DataError) -> [LoadedDataset] {
    var result: [LoadedDataset] = []
    let classes = ["neg", "pos"].filter { isFolder(path + "/" + $0) }
    if !classes.isEmpty {
      var texts: [String] = []
      var labels: [String] = []
      for label in classes {
        let loaded = try loadReviewFolder(path + "/" + label)
        texts += loaded
        labels += Array(repeating: label, count: loaded.count)
      }
      let dataset = try LabelSet.dataset(texts: texts, labels: labels, source: "aclimdb \(path)", path: path)
      result.append(LoadedDataset(suffix: suffix, dataset: dataset))
    }
    if isFolder(path + "/unsup") {
      let texts = try loadReviewFolder(path + "/unsup")
      let name = suffix == nil || suffix == "train" ? "unsup" : "\(suffix ?? "").unsup"
      let dataset = Dataset(
        examples: texts.map { Example(text: $0, label: nil) }, labelNames: [], source: "aclimdb \(path)/unsup")
      result.append(LoadedDataset(suffix: name, dataset: dataset))
    }
    return result
  }

  /// The texts of a folder of `ID_RATING.txt` reviews, by numeric id (at most `limit`).
  func loadReviewFolder(_ path: String) throws(DataError) -> [String] {
    var files = entries(path).filter { $0.hasSuffix(".txt") }
    files = files.map { (DataLoader.reviewID($0), $0) }.sorted { $0 < $1 }.map(\.1)
    if let limit = options.limit { files = Array(files.prefix(limit)) }
    guard !files.isEmpty else { throw DataError("no review files (*.txt) in this folder", path: path) }
    var texts: [String] = []
    texts.reserveCapacity(files.count)
    for (i, name) in files.enumerated() {
      if i % 512 == 0, options.cancellation?.isCancelled == true { throw DataError.interrupted }
      let file = try read(path + "/" + name)
      guard !file.bytes.isEmpty else { throw DataError("empty review file (0 bytes)", path: file.path) }
      texts.append(file.bytes.withUnsafeBufferPointer { HTMLText.replaceBreaks($0) }.trimmed)
    }
    return texts
  }

  /// The numeric id of `ID_RATING.txt`, or Int.max for other names (sorted after, by name).
  static func reviewID(_ name: String) -> Int {
    Int(name.prefix { $0 != "_" && $0 != "." }) ?? Int.max
  }
}
