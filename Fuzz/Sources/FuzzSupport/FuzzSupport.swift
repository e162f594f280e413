#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Helpers shared by the fuzz targets: a private scratch folder for loaders that read files, and a
/// byte cursor that splits one fuzz input into a few choices plus a payload.
public enum FuzzScratch {
  /// A folder of this process only (`$TMPDIR/repl-fuzz-PID`), created on first use.
  public static let folder: String = {
    let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    let path = "\(base)/repl-fuzz-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }()

  /// Writes `bytes` to `name` inside the scratch folder (parents created) and returns its full path.
  @discardableResult
  public static func write(_ bytes: some Collection<UInt8>, to name: String) -> String {
    let path = folder + "/" + name
    let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  /// Removes `name` (a file or a folder tree) from the scratch folder.
  public static func remove(_ name: String) {
    try? FileManager.default.removeItem(atPath: folder + "/" + name)
  }
}

/// Reads choices from the front of a fuzz input; what is left is the payload.
public struct FuzzInput {
  public private(set) var bytes: ArraySlice<UInt8>

  public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
    bytes = ArraySlice(UnsafeBufferPointer(start: data, count: size))
  }

  /// The next byte (0 when the input is used up).
  public mutating func byte() -> UInt8 {
    bytes.popFirst() ?? 0
  }

  /// One of `options`, chosen by the next byte.
  public mutating func choose<T>(_ options: [T]) -> T {
    options[Int(byte()) % options.count]
  }

  /// The payload as a string (invalid UTF-8 repaired), consuming it.
  public mutating func rest() -> String {
    defer { bytes = [] }
    return String(decoding: bytes, as: UTF8.self)
  }
}
