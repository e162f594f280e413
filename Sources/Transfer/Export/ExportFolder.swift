import FoundationEssentials

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a folder of files all at once: into a hidden temporary folder beside it, then renamed
/// into place, so a failed export leaves no half-written folder and a refused one changes nothing.
public enum ExportFolder {
  /// Writes `files` as the folder `path`. An existing non-empty folder is replaced only with
  /// `replace`; a file at `path` is always an error. Messages name the folder as `shown`.
  public static func write(_ files: [(String, [UInt8])], to path: String, shownAs shown: String, replace: Bool)
    throws(TransferError)
  {
    let manager = FileManager.default
    let exists = manager.fileExists(atPath: path)
    let contents = try? manager.contentsOfDirectory(atPath: path)
    if exists && contents == nil { throw TransferError("'\(shown)' is a file, not a folder; export into a folder") }
    let empty = contents?.isEmpty ?? false
    if exists && !empty && !replace {
      throw TransferError("'\(shown)' is not empty; export into a new folder, or add replace=yes to overwrite it")
    }
    let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
    let parent = trimmed.contains("/") ? String(trimmed[..<(trimmed.lastIndex(of: "/") ?? trimmed.endIndex)]) : "."
    let base = String(trimmed.split(separator: "/").last ?? "export")
    let temporary = (parent.isEmpty ? "" : parent + "/") + ".\(base).export-\(getpid())"
    do {
      try manager.createDirectory(atPath: temporary, withIntermediateDirectories: true)
      for (name, bytes) in files {
        try FileBytes.writeAtomically(bytes, to: temporary + "/" + name)
      }
      if exists {
        let old = (parent.isEmpty ? "" : parent + "/") + ".\(base).old-\(getpid())"
        try manager.moveItem(atPath: trimmed, toPath: old)
        do { try manager.moveItem(atPath: temporary, toPath: trimmed) } catch {
          try? manager.moveItem(atPath: old, toPath: trimmed)
          throw error
        }
        try? manager.removeItem(atPath: old)
      } else {
        try manager.moveItem(atPath: temporary, toPath: trimmed)
      }
    } catch {
      try? manager.removeItem(atPath: temporary)
      throw TransferError("cannot write the folder '\(shown)': \(error)")
    }
  }
}
