/// Joins physical lines into logical commands: a line ending in `\` (outside quotes and comments)
/// continues on the next line. Pure; the prompt shows `...> ` while `isContinuing`.
public struct LineAssembler: Sendable {
  /// The text gathered so far for an unfinished command.
  private var pending: [String] = []
  /// Physical lines fed so far.
  private var linesFed = 0
  /// 1-based number of the physical line where the last returned (or the pending) command starts.
  public private(set) var firstLineNumber = 0

  /// An empty assembler.
  public init() {}

  /// Whether a `\` asked for more: the next line continues the current command.
  public var isContinuing: Bool { !pending.isEmpty }

  /// The prompt for the next line: `prompt` normally, `...> ` while continuing.
  public func prompt(_ prompt: String = "repl> ") -> String { isContinuing ? "...> " : prompt }

  /// Feeds one physical line (without its newline; a trailing `\r` is dropped). Returns the logical
  /// command when the line completes one, or nil while a continuation is pending.
  public mutating func feed(_ physicalLine: String) -> String? {
    linesFed += 1
    if pending.isEmpty { firstLineNumber = linesFed }
    var line = physicalLine
    if line.hasSuffix("\r") { line.removeLast() }
    if let body = LineAssembler.continued(line) {
      pending.append(pending.isEmpty ? body : body.trimmed)
      return nil
    }
    return joined(with: pending.isEmpty ? line : line.trimmed)
  }

  /// At the end of input: the unfinished command (its last line ended in `\`), if any.
  public mutating func finish() -> String? {
    pending.isEmpty ? nil : joined(with: nil)
  }

  /// Drops an unfinished command (Ctrl-C at the `...> ` prompt).
  public mutating func reset() { pending = [] }

  private mutating func joined(with last: String?) -> String {
    let parts = (pending + (last.map { [$0] } ?? [])).filter { !$0.isEmpty }
    pending = []
    return parts.joined(separator: " ")
  }

  /// The line without its continuation `\` and the blanks before it, if it ends in one outside
  /// quotes and comments; nil otherwise.
  static func continued(_ line: String) -> String? {
    let lexed = Lexer.lenient(line)
    guard lexed.contentEnd == lexed.characters.count, lexed.tokens.last?.openQuote == nil else { return nil }
    var chars = lexed.characters
    while let last = chars.last, last.isBlank { chars.removeLast() }
    guard chars.last == "\\" else { return nil }
    chars.removeLast()
    while let last = chars.last, last.isBlank { chars.removeLast() }
    return String(chars)
  }
}
