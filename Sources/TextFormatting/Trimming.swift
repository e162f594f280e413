extension StringProtocol {
  /// The string without leading and trailing characters for which `isTrimmed` holds.
  public func trimming(where isTrimmed: (Character) -> Bool) -> String {
    var s = self[...]
    while let f = s.first, isTrimmed(f) { s.removeFirst() }
    while let l = s.last, isTrimmed(l) { s.removeLast() }
    return String(s)
  }

  /// The string without leading and trailing blanks and line ends (space, tab, CR, LF).
  public var trimmed: String { trimming { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" } }

  /// The string without leading and trailing spaces and tabs (line ends kept).
  public var trimmedSpacesAndTabs: String { trimming { $0 == " " || $0 == "\t" } }
}
