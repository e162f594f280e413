import CLibEdit

#if canImport(Glibc)
  import Glibc
#endif

/// Candidates for the word under the cursor: the character offset where the word starts, and its
/// replacements. A candidate ending in `=` or `/` gets no trailing space.
public typealias CompletionFunction = (_ line: String, _ cursor: Int) -> (start: Int, candidates: [String])

/// The line editor on a terminal: libedit's readline-compatible API with persistent history,
/// Ctrl-R search and Tab completion. libedit keeps global state, so there is one editor per process.
public final class LineEditor: LineReader {
  private let history: HistoryFile?

  /// Sets up libedit: locale (for non-ASCII input), key bindings, completion through `complete`,
  /// and the history loaded from `history`.
  public init(history: HistoryFile?, complete: @escaping CompletionFunction) {
    repl_set_locale()
    completionHandler = complete
    repl_el_setup(completeForLibedit)
    self.history = history
    stifle_history(2000)
    history?.load()
  }

  /// Reads one line with editing; Ctrl-C gives `.interrupted`, Ctrl-D on an empty line `.endOfInput`.
  public func read(prompt: String) -> ReadResult {
    repl_clear_errno()
    guard let raw = readline(prompt) else {
      if repl_errno_is_eintr() != 0 {
        print("")
        return .interrupted
      }
      return .endOfInput
    }
    defer { free(raw) }
    return .line(String(cString: raw))
  }

  /// Adds a non-blank line to the history (not repeating the previous entry).
  public func remember(_ line: String) {
    guard line.contains(where: { $0 != " " && $0 != "\t" }) else { return }
    add_history(line)
  }

  /// Writes the history file atomically with mode 0600.
  public func saveHistory() { history?.save() }
}

/// The completion function libedit calls; set once by `LineEditor.init`.
nonisolated(unsafe) private var completionHandler: CompletionFunction?

/// libedit's completion callback: `text` is the word between `start` and `end` (byte offsets).
/// Returns a malloc'd array: the common prefix, then every match, then a NULL slot.
private func completeForLibedit(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  guard let handler = completionHandler, let buffer = repl_el_line() else { return nil }
  let bytes = Array(String(cString: buffer).utf8)
  let before = String(decoding: bytes.prefix(Int(end)), as: UTF8.self)
  let word = String(decoding: bytes[Int(start)..<min(Int(end), bytes.count)], as: UTF8.self)
  let (wordStart, candidates) = handler(before, before.count)
  // libedit replaces `word`; the completer may have started its word elsewhere.
  let skipped = String(before.dropFirst(wordStart)).dropLast(word.count)
  let matches = candidates.compactMap { candidate -> String? in
    let full = candidate.hasPrefix(skipped) ? String(candidate.dropFirst(skipped.count)) : nil
    return full.flatMap { $0.hasPrefix(word) ? $0 : nil }
  }
  guard !matches.isEmpty else {
    repl_el_completion_done(0)
    return nil
  }
  let common = commonPrefix(matches)
  let noSpace = matches.count == 1 && (common.hasSuffix("=") || common.hasSuffix("/"))
  repl_el_completion_done(noSpace || matches.count > 1 ? 0 : 32)
  let entries = matches.count == 1 ? [common] : [common] + matches
  guard let array = malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
    .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
  else { return nil }
  for (i, entry) in entries.enumerated() { array[i] = strdup(entry) }
  array[entries.count] = nil
  return array
}

/// The longest common prefix of `words` (by characters).
func commonPrefix(_ words: [String]) -> String {
  guard var prefix = words.first else { return "" }
  for word in words.dropFirst() {
    while !word.hasPrefix(prefix) { prefix.removeLast() }
  }
  return prefix
}
