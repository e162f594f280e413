import Foundation
import Schema

/// The zoo's catalogue: every `*.zoo` file of one folder, parsed, in name order.
///
/// A file that does not parse is kept as a problem (a one-line message naming the file and line)
/// rather than failing the whole catalogue, so one bad entry never hides the others.
public struct ZooCatalogue: Sendable {
  /// The entry `make pretrained` builds when no `ZOO=` is given.
  public static let defaultEntry = "imdb-lm"
  /// The folder the entries were read from; nil when no catalogue folder was found.
  public let directory: String?
  /// The entries that parsed, sorted by name.
  public let entries: [ZooEntry]
  /// One message for each catalogue file that did not parse.
  public let problems: [String]

  /// Reads the catalogue in `directory` (nil: an empty catalogue).
  public init(directory: String?) {
    self.directory = directory
    var entries: [ZooEntry] = []
    var problems: [String] = []
    for file in ZooCatalogue.files(in: directory) {
      do {
        let entry = try ZooEntry.parse(try TextFile.read(file), file: file)
        if entries.contains(where: { $0.name == entry.name }) {
          problems.append("\(file): another catalogue file already defines '\(entry.name)'")
        } else {
          entries.append(entry)
        }
      } catch {
        problems.append(error.message)
      }
    }
    self.entries = entries.sorted { $0.name < $1.name }
    self.problems = problems
  }

  /// The entry called `name`, if any.
  public func entry(_ name: String) -> ZooEntry? { entries.first { $0.name == name } }

  /// The entry called `name`, or an error with the nearest name.
  public func require(_ name: String) throws(ReplError) -> ZooEntry {
    if let entry = entry(name) { return entry }
    let hint = suggestion(for: name, among: entries.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
    throw ReplError("no pretrained model '\(name)' in the zoo catalogue\(hint); see: pretrained")
  }

  /// The `*.zoo` files of `directory`, sorted.
  static func files(in directory: String?) -> [String] {
    guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return names.filter { $0.hasSuffix(".zoo") && !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
  }

  /// Where the catalogue is when `REPL_ZOO_CATALOGUE` is not set: the first `zoo/` folder holding
  /// a `*.zoo` file found walking up from the running binary's folder (the package root for
  /// `.build/release/repl`), else `zoo/` in `workingDirectory` if it exists, else nil.
  static func locate(workingDirectory: String) -> String? {
    var folder = executableFolder()
    while let current = folder {
      if !files(in: current + "/zoo").isEmpty { return current + "/zoo" }
      folder = parent(of: current)
    }
    let local = workingDirectory + "/zoo"
    var isFolder: ObjCBool = false
    return FileManager.default.fileExists(atPath: local, isDirectory: &isFolder) && isFolder.boolValue ? local : nil
  }

  /// The folder of the running binary (symbolic links resolved), if the system says.
  private static func executableFolder() -> String? {
    guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
      return CommandLine.arguments.first.flatMap { $0.hasPrefix("/") ? parent(of: $0) : nil }
    }
    return parent(of: path)
  }

  /// `/a/b` → `/a`; `/a` → `/`; `/` → nil.
  private static func parent(of path: String) -> String? {
    guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}
