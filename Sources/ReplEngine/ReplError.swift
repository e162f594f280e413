/// A command failure: printed as one `error: …` line; the session is left as it was.
public struct ReplError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
