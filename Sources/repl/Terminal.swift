#if canImport(Glibc)
  import Glibc
#endif

/// Answers for `--step`, read from the terminal even when standard input is redirected.
enum Terminal {
  /// One line from /dev/tty (or standard input when there is no terminal); nil at end of input.
  /// An answer from standard input is not echoed by a terminal, so it goes to `echo` with its newline.
  static func readAnswer(echo: (String) -> Void) -> String? {
    let fd = open("/dev/tty", O_RDONLY)
    guard fd >= 0 else {
      let answer = readLine()
      echo((answer ?? "") + "\n")
      return answer
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1 {
      if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
      bytes.append(byte)
    }
    return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
  }

  /// Asks a yes/no question at the terminal (redefining an object that took work to make): true
  /// only for `y` or `yes`.
  static func confirm(_ question: String, console: Console) -> Bool {
    console.out(question)
    let answer = (readAnswer(echo: { _ in }) ?? "").lowercased().filter { $0 != " " && $0 != "\t" && $0 != "\r" }
    return answer == "y" || answer == "yes"
  }

  /// Everything on standard input up to its end (`repl --run -`).
  static func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = read(0, &chunk, chunk.count)
      if n > 0 {
        bytes.append(contentsOf: chunk[0..<n])
      } else if n < 0 && errno == EINTR && !Signals.shared.stopRequested {
        continue
      } else {
        return bytes
      }
    }
  }
}
