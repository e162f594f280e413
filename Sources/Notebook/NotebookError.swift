/// A transcript that cannot be used: `FILE:LINE: reason` (exit status 2).
public struct NotebookError: Error, Sendable, CustomStringConvertible {
  /// `FILE:LINE: reason`.
  public let message: String
  /// An error with its full message.
  public init(message: String) { self.message = message }
  /// An error at a line of a file.
  public init(file: String, line: Int, _ reason: String) { self.message = "\(file):\(line): \(reason)" }
  /// The message.
  public var description: String { message }
}
