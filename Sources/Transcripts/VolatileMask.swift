/// Replaces the values that change from run to run with the tags transcripts use:
/// durations (`0.42s`, `2m05s`) → `[TIME]`, rates (`12.3k tok/s`) → `[RATE]`, dates → `[DATE]`,
/// absolute paths outside the working folder → `[PATH]` (paths inside it become relative).
///
/// It recognises exactly the forms `Volatile.swift` prints, so recording and checking agree.
public struct VolatileMask: Sendable {
  /// The folder whose absolute paths are shown relative instead of masked.
  public let workingDirectory: String

  /// A mask for a session working in `workingDirectory`.
  public init(workingDirectory: String) {
    self.workingDirectory =
      workingDirectory.count > 1 && workingDirectory.hasSuffix("/")
      ? String(workingDirectory.dropLast()) : workingDirectory
  }

  /// Every tag the mask writes; the checker treats them as wildcards.
  public static let tags = ["[TIME]", "[RATE]", "[DATE]", "[PATH]"]

  /// `text` with its volatile values replaced by tags.
  public func mask(_ text: String) -> String {
    var s = text
    s = s.replacing(
      #/\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/#, with: "[DATE]")
    s = s.replacing(#/\d+(?:\.\d+)?[kMG]? [A-Za-z]+/s\b/#, with: "[RATE]")
    s = s.replacing(#/\b\d+m\d\ds\b|\b\d+\.\d+s\b/#, with: "[TIME]")
    s = s.replacing(#/(^|[\s'"(=])(/[^\s'"(),;:]*[^\s'"(),;:.])/#) { match in
      String(match.output.1) + self.shorten(String(match.output.2))
    }
    return s
  }

  /// A path inside the working folder made relative; any other absolute path masked.
  func shorten(_ path: String) -> String {
    if path == workingDirectory { return "." }
    if workingDirectory != "/" && path.hasPrefix(workingDirectory + "/") {
      return String(path.dropFirst(workingDirectory.count + 1))
    }
    return "[PATH]"
  }
}
