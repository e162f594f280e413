/// A data problem reported as one line: what went wrong and where (`FILE:LINE: …`), with a hint.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The full one-line message, location first.
  public let message: String

  /// An error at `path` (and `line`, 1-based, when known).
  public init(_ message: String, path: String? = nil, line: Int? = nil) {
    var location = path ?? ""
    if let line, path != nil { location += ":\(line)" }
    self.message = location.isEmpty ? message : "\(location): \(message)"
  }

  public var description: String { message }
}

extension DataError {
  /// Raised when a load stopped because the user pressed Ctrl-C.
  public static let interrupted = DataError("interrupted")
}
