/// Runs one fallible plugin call with a fresh, zeroed error buffer.
///
/// Returns nil when the call returned `REPL_OK`, else the plugin's message made one line (or a
/// generic one naming the status when the plugin wrote nothing).
func pluginCall(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> String? {
  let size = 512
  var buffer = [CChar](repeating: 0, count: size)
  let status = buffer.withUnsafeMutableBufferPointer { b -> Int32 in
    guard let base = b.baseAddress else { return 1 }
    return call(base, size - 1)
  }
  if status == 0 { return nil }
  buffer[size - 1] = 0
  let message = oneLine(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
  return message.isEmpty ? "failed with status \(status) and no message" : message
}

/// Calls `body` with NUL-terminated copies of `strings` that live for the duration of the call.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) throws -> R) rethrows -> R {
  let copies = strings.map { strdup($0) }
  defer { for p in copies { free(p) } }
  return try body(copies.map { $0.map { UnsafePointer($0) } })
}

#if canImport(Glibc)
  import Glibc
#endif
