extension Character {
  /// How many terminal columns the character takes as the REPL shows it: 2 for East Asian wide
  /// and full-width characters and emoji, 4 for a control character (shown as `\x1b`), else 1.
  public var terminalColumns: Int {
    guard let first = unicodeScalars.first else { return 0 }
    if String.isEscaped(first) { return 4 }
    if unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
    return Character.wideRanges.contains { $0.contains(first.value) } ? 2 : 1
  }

  /// East Asian Wide (W) and Fullwidth (F) blocks.
  static let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
  ]
}
