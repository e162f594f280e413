import TensorCore

/// The formats `load` understands (`format=`); `auto` detects one from the path and content.
public enum DataFormat: String, Sendable, CaseIterable {
  case auto, tsv, csv, jsonl, text, aclimdb, uci, blitzer, vectors, checkpoint, bert
}

/// How to load: the `load` command's options.
public struct LoadOptions: Sendable {
  public var format: DataFormat
  /// Text column (name or 0-based index) or JSON field; chosen automatically when nil.
  public var textColumn: String?
  /// Label column (name or 0-based index) or JSON field; chosen automatically when nil.
  public var labelColumn: String?
  /// At most this many examples per file (per class folder for aclImdb, per file for Blitzer).
  public var limit: Int?
  /// Replace invalid UTF-8 with U+FFFD instead of failing.
  public var replaceInvalid: Bool
  /// Whether a TSV/CSV file has a header row; detected when nil.
  public var header: Bool?
  /// Polled between files; a raised token stops the load with `DataError.interrupted`.
  public var cancellation: CancellationToken?
  /// Word vectors: keep only the rows of these words (`load … vocab=V`); nil keeps every row.
  public var words: [String]?

  public init(
    format: DataFormat = .auto, textColumn: String? = nil, labelColumn: String? = nil, limit: Int? = nil,
    replaceInvalid: Bool = false, header: Bool? = nil, cancellation: CancellationToken? = nil,
    words: [String]? = nil
  ) {
    self.words = words
    self.cancellation = cancellation
    self.format = format
    self.textColumn = textColumn
    self.labelColumn = labelColumn
    self.limit = limit
    self.replaceInvalid = replaceInvalid
    self.header = header
  }
}

/// One dataset a load produced; `suffix` is nil for `NAME` itself, else `NAME.suffix`
/// (`train`, `test`, `unsup`, a Blitzer domain).
public struct LoadedDataset: Sendable {
  public var suffix: String?
  public var dataset: Dataset
  public init(suffix: String?, dataset: Dataset) {
    self.suffix = suffix
    self.dataset = dataset
  }
}

/// What a `load` produced.
public enum LoadResult: Sendable {
  /// One or more datasets (an aclImdb root gives train, test and unsup).
  case datasets([LoadedDataset])
  /// Word vectors (GloVe or word2vec text).
  case vectors(WordVectors)
  /// A safetensors checkpoint: the caller restores a model from the path.
  case checkpoint
  /// A Hugging Face BERT folder (`config.json`, …): the caller builds the encoder from it.
  case bert
}
