/// A script or transcript that cannot be used: `FILE:LINE: reason` (`repl --run` exits with 2,
/// `source` fails with it).
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
  /// `FILE:LINE: reason`.
  public let message: String
  /// An error with its full message.
  public init(message: String) { self.message = message }
  /// An error at a line of a file.
  public init(file: String, line: Int, _ reason: String) { self.message = "\(file):\(line): \(reason)" }
  /// The message.
  public var description: String { message }
}
