import Schema

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Loads datasets and word vectors from files and folders in their original formats.
///
/// Relative paths are opened against `baseDirectory`, but every message names the path as the user
/// wrote it. Every loader reads whole files as bytes, validates UTF-8 once and parses with byte loops.
public struct DataLoader: Sendable {
  /// The directory relative paths are resolved against.
  public var baseDirectory: String
  public var options: LoadOptions

  public init(baseDirectory: String, options: LoadOptions = LoadOptions()) {
    self.baseDirectory = baseDirectory
    self.options = options
  }

  /// Loads `path` in `options.format`, detecting the format first when it is `auto`.
  public func load(_ path: String) throws(DataError) -> LoadResult {
    let format = options.format == .auto ? try detect(path) : options.format
    switch format {
    case .checkpoint: return .checkpoint
    case .bert: return .bert
    case .vectors: return .vectors(try loadVectors(path))
    case .aclimdb: return .datasets(try loadAclImdb(path))
    case .blitzer: return .datasets(try loadBlitzer(path))
    case .jsonl: return .datasets([LoadedDataset(suffix: nil, dataset: try loadJSONLines(path))])
    case .text: return .datasets([LoadedDataset(suffix: nil, dataset: try loadLines(path))])
    case .tsv, .csv, .uci, .auto:
      return .datasets([LoadedDataset(suffix: nil, dataset: try loadDelimited(path, format: format))])
    }
  }

  /// `path` resolved against the base directory.
  func resolve(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    return baseDirectory + "/" + path
  }

  /// Reads a file as validated UTF-8 text.
  func read(_ path: String) throws(DataError) -> TextBytes {
    try requireExists(path)
    return try TextBytes.read(resolve(path), replaceInvalid: options.replaceInvalid, displayPath: path)
  }

  /// Whether `path` is a folder (false when it does not exist).
  func isFolder(_ path: String) -> Bool {
    FileManager.default.isFolder(atPath: resolve(path))
  }

  /// The entries of a folder, sorted by name.
  func entries(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: resolve(path))) ?? []).sorted()
  }

  /// Throws "no such file or folder" with a did-you-mean among the parent folder's entries.
  func requireExists(_ path: String) throws(DataError) {
    guard !FileManager.default.fileExists(atPath: resolve(path)) else { return }
    let slash = path.lastIndex(of: "/")
    let parent = slash.map { String(path[..<$0]) } ?? "."
    let leaf = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let hint =
      suggestion(for: leaf, among: entries(parent.isEmpty ? "/" : parent)).map {
        " (did you mean '\(slash == nil ? $0 : parent + "/" + $0)'?)"
      } ?? ""
    throw DataError("no such file or folder\(hint)", path: path)
  }
}
