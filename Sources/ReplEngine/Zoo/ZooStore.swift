import Foundation
import TextData

/// Where a zoo entry's build is, and whether it can be trusted.
public enum ZooBuildStatus {
  /// No folder for the entry's recipe hash.
  case notBuilt
  /// A complete build whose model file matches its recorded SHA-256; `bytes` are that file.
  case built(ZooBuildInfo, bytes: [UInt8])
  /// A folder that must not be used: the reason (a file missing, a checksum mismatch, …).
  case damaged(String)

  /// `yes`, `no` or `damaged`, as the `pretrained` table shows it.
  public var word: String {
    switch self {
    case .notBuilt: return "no"
    case .built: return "yes"
    case .damaged: return "damaged"
    }
  }
}

/// The folder builds live in (`$REPL_ZOO`, else `DATA/zoo`): one `NAME-HASH12/` folder per build
/// holding `model.safetensors` and `build.json`, installed by renaming a complete temporary folder.
public struct ZooStore: Sendable {
  /// The model file's name inside a build folder.
  public static let modelFile = "model.safetensors"
  /// The build record's name inside a build folder.
  public static let infoFile = "build.json"
  /// The folder holding the builds.
  public let root: String

  /// A store in `root` (created when the first build is installed).
  public init(root: String) { self.root = root }

  /// The build folder of `entry`'s current recipe.
  public func folder(for entry: ZooEntry) -> String { root + "/" + entry.name + "-" + entry.shortHash }

  /// Reads and verifies `entry`'s build: the record, its recipe hash, the model file's size and SHA-256.
  public func status(of entry: ZooEntry) -> ZooBuildStatus {
    let folder = folder(for: entry)
    guard FileManager.default.fileExists(atPath: folder) else { return .notBuilt }
    guard let data = FileManager.default.contents(atPath: folder + "/" + ZooStore.infoFile) else {
      return .damaged("\(ZooStore.infoFile) is missing: a partly written build")
    }
    guard let info = try? ZooBuildInfo.decode(data) else { return .damaged("\(ZooStore.infoFile) cannot be read") }
    guard info.recipeHash == entry.recipeHash, info.name == entry.name else {
      return .damaged("\(ZooStore.infoFile) records another recipe")
    }
    guard let bytes = try? TextFile.bytes(folder + "/" + ZooStore.modelFile) else {
      return .damaged("\(ZooStore.modelFile) is missing")
    }
    guard bytes.count == info.sizeBytes, SHA256.hex(bytes) == info.sha256 else {
      return .damaged("\(ZooStore.modelFile) does not match its SHA-256")
    }
    return .built(info, bytes: bytes)
  }

  /// Installs a build of `entry`: writes both files into a temporary folder beside the final one,
  /// then renames it into place (replacing a damaged build), so no reader sees half a build.
  public func install(_ entry: ZooEntry, model: [UInt8], info: ZooBuildInfo) throws(ReplError) {
    let manager = FileManager.default
    let final = folder(for: entry)
    let temp = root + "/." + entry.name + "-" + entry.shortHash + ".tmp-\(getpid())"
    let old = root + "/." + entry.name + "-" + entry.shortHash + ".old-\(getpid())"
    do {
      try manager.createDirectory(atPath: temp, withIntermediateDirectories: true)
      try Data(model).write(to: URL(fileURLWithPath: temp + "/" + ZooStore.modelFile), options: .atomic)
      try info.encoded().write(to: URL(fileURLWithPath: temp + "/" + ZooStore.infoFile), options: .atomic)
      if manager.fileExists(atPath: final) { try manager.moveItem(atPath: final, toPath: old) }
      try manager.moveItem(atPath: temp, toPath: final)
      try? manager.removeItem(atPath: old)
    } catch {
      try? manager.removeItem(atPath: temp)
      if !manager.fileExists(atPath: final) { try? manager.moveItem(atPath: old, toPath: final) }
      throw ReplError("cannot write the build of '\(entry.name)' to \(final): \(error.localizedDescription)")
    }
  }
}
