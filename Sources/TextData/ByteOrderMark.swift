/// The UTF-8 byte-order mark (EF BB BF) that some editors and spreadsheet programs write at the
/// start of a text file. Every text format is read without it, so a CSV header or a transcript's
/// first command is not prefixed with an invisible U+FEFF.
public enum ByteOrderMark {
  /// The three bytes of the mark.
  public static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// Whether `bytes` starts with the mark.
  public static func starts(_ bytes: [UInt8]) -> Bool { bytes.starts(with: utf8) }

  /// `bytes` without a leading mark (unchanged when there is none).
  public static func stripped(_ bytes: [UInt8]) -> [UInt8] {
    starts(bytes) ? Array(bytes.dropFirst(utf8.count)) : bytes
  }

  /// `bytes` without a leading mark, in place.
  public static func strip(_ bytes: inout [UInt8]) {
    if starts(bytes) { bytes.removeFirst(utf8.count) }
  }
}
