import FuzzSupport
import TextData

/// The aclImdb folder reader: file names, layout and review files. Each input line is
/// `PATH<TAB>CONTENT` (a relative path, at most four parts); the files are created in a fresh
/// folder which is then loaded (byte 0: auto-detected or forced aclImdb, limit).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAclImdb(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var input = FuzzInput(data, size)
  let flags = input.byte()
  let root = "acl"
  FuzzScratch.remove(root)
  defer { FuzzScratch.remove(root) }
  for line in input.rest().split(separator: "\n").prefix(64) {
    let fields = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
    guard let path = safePath(String(fields[0])) else { continue }
    FuzzScratch.write(Array((fields.count > 1 ? fields[1] : "").utf8), to: root + "/" + path)
  }
  let options = LoadOptions(
    format: flags & 1 == 0 ? .auto : .aclimdb, limit: flags & 0x80 != 0 ? Int(flags >> 1 & 0x0f) : nil)
  _ = try? DataLoader(baseDirectory: FuzzScratch.folder, options: options).load(root)
  return 0
}

/// `path` when it stays inside the root: relative, no `.`/`..`, at most four short parts.
func safePath(_ path: String) -> String? {
  let parts = path.split(separator: "/")
  guard !parts.isEmpty, parts.count <= 4,
    parts.allSatisfy({ $0 != "." && $0 != ".." && $0.utf8.count <= 64 && !$0.contains("\0") })
  else { return nil }
  return parts.joined(separator: "/")
}
