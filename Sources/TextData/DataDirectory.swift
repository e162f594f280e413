#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Where catalogue datasets live: `$REPL_DATA`, else `$XDG_DATA_HOME/repl`, else
/// `~/.local/share/repl`. Each catalogue entry is one folder inside (`CatalogueEntry.folder`).
public struct DataDirectory: Sendable {
  public let path: String

  public init(path: String) { self.path = path }

  /// The data directory for these environment variables.
  public init(environment: [String: String]) {
    if let explicit = environment["REPL_DATA"], !explicit.isEmpty {
      path = explicit
    } else if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      path = xdg + "/repl"
    } else {
      path = (environment["HOME"] ?? ".") + "/.local/share/repl"
    }
  }

  /// The folder of `entry`.
  public func folder(_ entry: CatalogueEntry) -> String { path + "/" + entry.folder }

  /// Whether `entry` is present (its folder exists).
  public func contains(_ entry: CatalogueEntry) -> Bool {
    FileManager.default.isFolder(atPath: folder(entry))
  }

  /// Loads every object of `entry` from the data directory: (suffix, result).
  public func load(_ entry: CatalogueEntry, options: LoadOptions) throws(DataError) -> [(String?, LoadResult)] {
    guard contains(entry) else {
      throw DataError("'\(entry.name)' is not in the data directory \(path) (run: fetch \(entry.name))")
    }
    let loader = DataLoader(baseDirectory: folder(entry), options: options)
    var results: [(String?, LoadResult)] = []
    for (suffix, file) in entry.loads { results.append((suffix, try loader.load(file))) }
    return results
  }
}
