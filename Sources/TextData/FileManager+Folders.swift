#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension FileManager {
  /// Whether `path` exists and is a folder (following symbolic links).
  ///
  /// FoundationEssentials reports the kind as a `Bool`, Foundation elsewhere as an `ObjCBool`.
  func isFolder(atPath path: String) -> Bool {
    #if canImport(FoundationEssentials)
      var folder = false
      return fileExists(atPath: path, isDirectory: &folder) && folder
    #else
      var folder: ObjCBool = false
      return fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    #endif
  }
}
