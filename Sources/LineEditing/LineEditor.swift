import CLibEdit

#if canImport(Glibc)
  import Glibc
#endif

/// One completion: the replacement text, and whether a blank follows it (not after `lr=` or `data/`).
public typealias Completion = (text: String, appendsSpace: Bool)

/// Candidates for the word before the cursor: given the line and the cursor as a UTF-8 byte
/// offset, the byte offset where the replaced word starts and its replacements.
public typealias CompletionFunction = (_ line: String, _ cursor: Int) -> (start: Int, candidates: [Completion])

/// The line editor on a terminal: libedit's readline-compatible API with persistent history,
/// Ctrl-R search and Tab completion. libedit keeps global state, so there is one editor per process.
public final class LineEditor: LineReader {
  private let history: HistoryFile?
  private var lastRemembered = ""

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
    // libedit's own signal handling is off, so pick up a window resize before each line.
    rl_resize_terminal()
    repl_clear_errno()
    guard let raw = readline(prompt) else {
      if repl_errno_is_eintr() != 0 {
        _ = write(1, "\n", 1)
        return .interrupted
      }
      return .endOfInput
    }
    defer { free(raw) }
    return .line(String(cString: raw))
  }

  /// Reads one line that starts with `text` already typed, for the user to edit (step mode's `e`).
  public func read(prompt: String, editing text: String) -> ReadResult {
    guard let raw = repl_edit_line(prompt, text) else {
      if repl_errno_is_eintr() != 0 {
        _ = write(1, "\n", 1)
        return .interrupted
      }
      return .endOfInput
    }
    defer { free(raw) }
    return .line(String(cString: raw))
  }

  /// Adds a non-blank line to the history (not repeating the previous entry) and appends it to the
  /// history file at once, so no line is lost to a crash or to another session.
  public func remember(_ line: String) {
    guard line.contains(where: { $0 != " " && $0 != "\t" }), line != lastRemembered else { return }
    lastRemembered = line
    add_history(line)
    history?.append(line)
  }
}

/// The completion function libedit calls; set once by `LineEditor.init`.
nonisolated(unsafe) private var completionHandler: CompletionFunction?

/// libedit's completion callback: the word being completed spans bytes `start..<end` of the line.
/// Returns a malloc'd array: the common prefix, then every match, then NULL — plus a spare NULL
/// slot, because libedit reads `matches[2]` even when there is a single match.
private func completeForLibedit(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  guard let handler = completionHandler, let buffer = repl_el_line() else { return nil }
  let bytes = Array(String(cString: buffer).utf8.prefix(Int(end)))
  let line = String(decoding: bytes, as: UTF8.self)
  let (wordStart, candidates) = handler(line, bytes.count)
  let matches = candidates.compactMap { rebase($0, from: wordStart, to: Int(start), in: bytes) }
  guard !matches.isEmpty else {
    repl_el_completion_done(0)
    return nil
  }
  let common = commonPrefix(matches.map(\.text))
  let space = matches.count == 1 && matches[0].appendsSpace
  repl_el_completion_done(space ? 32 : 0)
  let entries = matches.count == 1 ? [common] : [common] + matches.map(\.text)
  guard
    let array = malloc((entries.count + 2) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
      .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 2)
  else { return nil }
  for (i, entry) in entries.enumerated() { array[i] = strdup(entry) }
  array[entries.count] = nil
  array[entries.count + 1] = nil
  return array
}

/// A candidate that replaces the bytes from `from` re-expressed as a replacement from `to` (where
/// libedit's word starts), or nil when it does not fit the text already typed.
func rebase(_ candidate: Completion, from: Int, to: Int, in line: [UInt8]) -> Completion? {
  let lo = max(0, min(from, to, line.count))
  let hi = min(max(from, to), line.count)
  let between = String(decoding: line[lo..<hi], as: UTF8.self)
  if from <= to {
    guard candidate.text.hasPrefix(between) else { return nil }
    return (String(candidate.text.dropFirst(between.count)), candidate.appendsSpace)
  }
  return (between + candidate.text, candidate.appendsSpace)
}

/// The longest common prefix of `words` (by characters).
func commonPrefix(_ words: [String]) -> String {
  guard var prefix = words.first else { return "" }
  for word in words.dropFirst() {
    while !word.hasPrefix(prefix) { prefix.removeLast() }
  }
  return prefix
}
