import FuzzSupport
import TextData

/// The single-file dataset readers. Byte 0 chooses the format and file name (auto-detected or
/// forced: TSV, CSV, UCI lines, JSON Lines, plain text, Blitzer pseudo-XML), byte 1 the header
/// and limit options; the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDatasets(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var input = FuzzInput(data, size)
  let (format, name) = input.choose(formats)
  let flags = input.byte()
  let header: Bool? = [nil, true, false][Int(flags % 3)]
  let limit: Int? = flags & 0x80 != 0 ? Int(flags & 0x0f) : nil
  let replaceInvalid = flags & 0x40 != 0
  FuzzScratch.write(input.bytes, to: name)
  defer { FuzzScratch.remove(name) }
  let options = LoadOptions(format: format, limit: limit, replaceInvalid: replaceInvalid, header: header)
  _ = try? DataLoader(baseDirectory: FuzzScratch.folder, options: options).load(name)
  return 0
}

/// The format each first byte selects, with a file name that makes `auto` detect it too.
let formats: [(DataFormat, String)] = [
  (.auto, "data.tsv"), (.tsv, "data.tsv"), (.csv, "data.csv"), (.uci, "yelp_labelled.txt"),
  (.jsonl, "data.jsonl"), (.text, "data.txt"), (.blitzer, "positive.review"), (.blitzer, "unlabeled.review"),
  (.auto, "data.csv"), (.auto, "data"), (.auto, "data.jsonl"), (.auto, "unlabeled.review"),
]
