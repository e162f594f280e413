import ReplEngine
import TextData
import Transcripts

/// Reading and writing notebook files (transcripts) with errors that say `FILE:LINE: reason`.
public enum Notebook {
  /// Reads and parses the transcript at `path`, shown as `name` in messages. A missing, unreadable
  /// or binary file, or a malformed transcript, gives a `TranscriptError` (exit status 2).
  public static func load(_ path: String, name: String? = nil) throws(TranscriptError) -> Transcript {
    let file = name ?? path
    let bytes: [UInt8]
    do {
      bytes = ByteOrderMark.stripped(try TextFile.bytes(path))
    } catch {
      let reason =
        error.message.hasPrefix(path + ": ") ? String(error.message.dropFirst(path.count + 2)) : error.message
      throw TranscriptError(file: file, line: 1, "cannot read the file: \(reason)")
    }
    return try parse(bytes, name: file)
  }

  /// Parses a transcript read elsewhere (`repl --run -` reads standard input), shown as `name`.
  public static func parse(_ bytes: [UInt8], name: String) throws(TranscriptError) -> Transcript {
    if let bad = firstBinaryLine(bytes) {
      throw TranscriptError(file: name, line: bad, "this is a binary file, not a UTF-8 text transcript")
    }
    return try Transcript.parse(String(decoding: bytes, as: UTF8.self), file: name)
  }

  /// The 1-based line holding a NUL byte or invalid UTF-8, or nil for clean text.
  static func firstBinaryLine(_ bytes: [UInt8]) -> Int? {
    var line = 1
    for piece in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      if piece.contains(0) || String(validating: piece, as: UTF8.self) == nil { return line }
      line += 1
    }
    return nil
  }

  /// Writes a transcript back (after `--update`) atomically.
  public static func save(_ transcript: Transcript, to path: String) throws(ReplError) {
    try TextFile.write(path, transcript.render())
  }
}
