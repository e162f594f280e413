import Testing

@testable import TextFormatting

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct TextFormattingTests {
  @Test func decimalsKeepTheirDigitsAndLargeValuesTurnScientific() {
    #expect(decimal(0.8149) == "0.815")
    #expect(decimal(-0.0004) == "0.000")
    #expect(decimal(2.5, 0) == "3")
    #expect(decimal(12_345_678_901, 1) == "1.2e10")
    #expect(decimal(.nan) == "nan")
    #expect(grouped(-1_234_567) == "-1,234,567")
  }

  @Test func suggestionsBreakTiesByOrderOrByCompletion() {
    #expect(suggestion(for: "of", among: ["on", "off"]) == "on")
    #expect(suggestion(for: "of", among: ["on", "off"], ties: .preferringCompletion) == "off")
    #expect(suggestion(for: "load", among: ["load"]) == "load")
    #expect(suggestion(for: "load", among: ["load"], ties: .preferringCompletion) == nil)
    #expect(suggestion(for: "xyzzy", among: ["load", "save"]) == nil)
  }

  @Test func trimmingRemovesOnlyTheNamedCharacters() {
    #expect("\r \tx y\n".trimmed == "x y")
    #expect(" \tx\n".trimmedSpacesAndTabs == "x\n")
    #expect("--x--".trimming { $0 == "-" } == "x")
  }

  @Test func atomicWritesReplaceTheFileOrLeaveItAlone() throws {
    let folder = "/tmp/text-formatting-\(getpid())"
    mkdir(folder, 0o755)
    defer { _ = rmdir(folder) }
    let path = folder + "/out.txt"
    try AtomicFile.write("one", to: path)
    try AtomicFile.write("two", to: path)
    defer { _ = unlink(path) }
    let file = try #require(fopen(path, "r"))
    var buffer = [CChar](repeating: 0, count: 16)
    fgets(&buffer, 16, file)
    fclose(file)
    #expect(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) == "two")
    #expect(throws: AtomicWriteError.self) { try AtomicFile.write("x", to: folder + "/missing/out.txt") }
    #expect(listing(folder) == ["out.txt"])
  }

  /// The names in `folder` (no temporary files may be left behind).
  private func listing(_ folder: String) -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
