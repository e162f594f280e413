import FuzzSupport
import TextData

/// The word-vector text reader (GloVe and word2vec text). Byte 0 chooses a vocabulary filter
/// (`vocab=`) and a row limit; the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWordVectors(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var input = FuzzInput(data, size)
  let flags = input.byte()
  let words: [String]? = flags & 1 == 0 ? nil : ["the", "a", "good", ",", "</s>"]
  let limit: Int? = flags & 0x80 != 0 ? Int(flags >> 1 & 0x0f) : nil
  let name = flags & 2 == 0 ? "fuzz.vectors" : "fuzz.vec"
  FuzzScratch.write(input.bytes, to: name)
  defer { FuzzScratch.remove(name) }
  let options = LoadOptions(format: .vectors, limit: limit, words: words)
  _ = try? DataLoader(baseDirectory: FuzzScratch.folder, options: options).load(name)
  return 0
}
