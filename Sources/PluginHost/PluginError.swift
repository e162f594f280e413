/// A plugin that could not be loaded or checked: one line naming the file and what is wrong.
public struct PluginError: Error, Sendable, CustomStringConvertible {
  /// The message, without a trailing period or newline.
  public let message: String
  /// An error with `message`.
  public init(_ message: String) { self.message = message }
  /// The message.
  public var description: String { message }
}

/// Text from a plugin made safe for a one-line error: newlines become blanks, length is capped.
func oneLine(_ text: String, limit: Int = 300) -> String {
  let flat = String(text.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
  let trimmed = flat.trimmed
  return trimmed.count > limit ? String(trimmed.prefix(limit)) + "…" : trimmed
}
